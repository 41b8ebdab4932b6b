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
