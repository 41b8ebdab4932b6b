"""One exception type for every user-facing failure.

The CLI turns an :class:`EvalkitError` into a one-line message on stderr and
exit code 2; anything else is a bug and keeps its traceback.
"""


class EvalkitError(Exception):
    """Bad input or a missing resource: the message is shown to the user as is."""


class InputError(EvalkitError):
    """A file is missing, empty, binary, undecodable or otherwise unusable."""


class ModelNotFoundError(EvalkitError):
    """A model could not be found locally, on the hub, or from a package."""


class LanguageMismatchError(InputError):
    """A document is clearly in another language than the one declared.

    Callers that know which option or file declared the language re-word the
    message with :meth:`explain` (e.g. "--src-lang fr", "are ... swapped?").
    """

    def __init__(self, path: str, declared: str, guessed: str, confidence: float) -> None:
        self.path, self.declared, self.guessed, self.confidence = path, declared, guessed, confidence
        super().__init__(self.explain())

    def explain(self, declared_by: str | None = None, hint: str = "") -> str:
        from evalkit.langid import language_name

        by = declared_by or f"lang {self.declared}"
        msg = (f"{self.path}: looks like {language_name(self.guessed)} (confidence {self.confidence:.2f}), "
               f"not {language_name(self.declared)} as declared ({by})")
        return f"{msg}; {hint}" if hint else msg
