"""The exam document: typed models, the exam file format and readable validation messages."""
from .enums import *  # noqa: F401,F403 - the shared vocabulary is part of this package's API
from .errors import ExamFileError, describe_validation_error
from .fileformat import (
    FILE_SUFFIX,
    dumps_exam,
    exam_from_document,
    exam_to_document,
    load_exam,
    loads_exam,
    save_exam,
)
from .models import (
    FORMAT_VERSION,
    AtRest,
    Associated,
    BranchTerritories,
    EfaceItems,
    Electro,
    Encounter,
    Exam,
    FaceFindings,
    History,
    PerSide,
    Review,
    Sequelae,
    SunnybrookExpressions,
    SunnybrookItems,
    Topognostic,
    Treatment,
    Voluntary,
    YanagiharaItems,
)
