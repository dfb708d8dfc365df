"""Reading and writing files: workbooks, and where the samples and notebooks are."""

from klantlab.io.locations import (
    FOLDER_ENV,
    WORKBOOK_ENV,
    dashboard_notebook,
    default_workbook_path,
    is_sample_workbook,
    notebooks_dir,
    sample_workbook_path,
    samples_dir,
)
from klantlab.io.workbook_file import (
    SUFFIX,
    WorkbookFile,
    backup_path,
    client_name_of,
    file_name_for,
    parse_workbook,
    slug,
    workbook_in_folder,
    workbooks_in,
)

__all__ = [
    "FOLDER_ENV",
    "SUFFIX",
    "WORKBOOK_ENV",
    "WorkbookFile",
    "backup_path",
    "client_name_of",
    "dashboard_notebook",
    "default_workbook_path",
    "file_name_for",
    "is_sample_workbook",
    "notebooks_dir",
    "parse_workbook",
    "sample_workbook_path",
    "samples_dir",
    "slug",
    "workbook_in_folder",
    "workbooks_in",
]
