"""Readable messages for invalid exams: every message names the file (if any) and the field."""
from __future__ import annotations

from pydantic import ValidationError


class ExamFileError(Exception):
    """An exam file that cannot be read: missing, damaged, of an unknown format or invalid."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {problem}" for problem in self.problems)


def _field_path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item.startswith("function-after") or item.startswith("function-"):
            continue
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def describe_validation_error(error: ValidationError) -> list[str]:
    """One line per problem: ``field.path: what is wrong (value given)``.

    Model-level checks raise messages that already start with the field name ("onset_date: ...");
    the location of the model is prefixed so the full dotted path is always shown.
    """
    lines: list[str] = []
    for problem in error.errors(include_url=False):
        path = _field_path(tuple(problem.get("loc", ())))
        message = str(problem.get("msg", "invalid"))
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if ":" in message.split(" ")[0] and problem.get("type") == "value_error":
            head, _, rest = message.partition(": ")
            path = f"{path}.{head}" if path else head
            message = rest
        given = problem.get("input")
        suffix = ""
        if problem.get("type") not in ("value_error", "missing", "model_type", "extra_forbidden") and not isinstance(
            given, (dict, list)
        ):
            suffix = f" (given: {given!r})"
        if problem.get("type") == "extra_forbidden":
            message = "is not a known field of the exam format"
        lines.append(f"{path or '(exam)'}: {message}{suffix}")
    return lines
