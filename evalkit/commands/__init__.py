"""CLI sub-commands, one module each. Modules import heavy libraries (torch,
models) inside the command body so that ``evalkit --help`` stays instant."""
