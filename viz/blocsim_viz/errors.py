"""Errors and warnings of blocsim_viz."""


class BlocsimVizError(Exception):
    """A problem the user can fix: an unreadable or invalid results file, a bad option, an
    output that cannot be written. The command line prints it as ``blocsim viz: error: ...``
    and exits with status 2; from Python, catch it like any exception."""


class BlocsimVizWarning(UserWarning):
    """Something was left out but the rest could be drawn, e.g. a headline metric that is not
    in the file. The command line prints it as ``blocsim viz: warning: ...``."""
