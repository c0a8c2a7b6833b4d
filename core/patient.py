"""The patient: identity and demographics shared by every exam of that person."""
from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .text import MAX_SHORT_TEXT, short_text


class Sex(str, Enum):
    """Sex as recorded by the clinic."""

    female = "female"
    male = "male"
    other = "other"
    unknown = "unknown"


def _required_text(value: str) -> str:
    value = short_text(value)
    if not value:
        raise ValueError("must not be empty")
    return value


RequiredShortText = Annotated[str, Field(max_length=MAX_SHORT_TEXT), AfterValidator(_required_text)]
ShortText = Annotated[str, Field(max_length=MAX_SHORT_TEXT), AfterValidator(short_text)]


class Patient(BaseModel):
    """A person as the clinic identifies them. Names may be in any script."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    mrn: RequiredShortText = Field(description="Medical record number, unique in the database")
    family_name: RequiredShortText
    given_names: ShortText = ""
    birth_date: date | None = Field(default=None, description="Date of birth; not in the future")
    sex: Sex = Sex.unknown

    @field_validator("birth_date")
    @classmethod
    def _birth_not_in_future(cls, value: date | None) -> date | None:
        if value is not None and value > date.today():
            raise ValueError(f"date of birth {value.isoformat()} is in the future")
        return value

    @property
    def display_name(self) -> str:
        """"FAMILY, Given" as clinics list patients."""
        return f"{self.family_name}, {self.given_names}" if self.given_names else self.family_name

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``; None when the birth date is unknown."""
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years
