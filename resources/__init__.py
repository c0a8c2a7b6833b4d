"""Data and assets shipped with Facialis (fonts, tables, icons)."""
from importlib.resources import files


def resource_path(name: str):
    """Return a traversable path to a shipped resource file."""
    return files(__name__).joinpath(name)
