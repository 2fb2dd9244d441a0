"""Errors the pipeline expects and reports to the user without a traceback."""

from scoring.messages import limit_problems


class PipelineError(Exception):
    """Base class of every expected failure: bad data, a failed check, a page that cannot render.

    The message says what is wrong, where (file, row, column or page) and what to do. The CLI prints
    it to stderr and exits 1; any other exception is a bug and keeps its traceback. `problems` holds
    every line given; the message is those lines shortened by `scoring.messages.limit_problems`, so a
    flood of one kind of problem (thousands of bad rows) lists the first few and counts the rest.
    """

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(limit_problems(self.problems)))


class DataPackageError(PipelineError):
    """The data package cannot be read or breaks its own Table Schema.

    Raised by `scoring.package.load_package` with one line per problem: bad encoding, a byte-order
    mark, a missing column, a wrong type, a broken key.
    """


class CheckError(PipelineError):
    """The data satisfy the schema but break a rule the schema cannot express.

    Raised by the `check_*` functions of `scoring.checks`: ranks not covering 1..N, a ★ mark that
    disagrees with the data and has no correction, a code that disagrees with its province.
    """


class RenderError(PipelineError):
    """A page, chart or download cannot be produced from validated data."""
