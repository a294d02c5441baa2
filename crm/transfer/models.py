"""The import batch model lives with the others in crm/models; imported here for the transfer package."""

from crm.models.import_batch import IMPORT_KINDS, ImportBatch

__all__ = ["IMPORT_KINDS", "ImportBatch"]
