"""dbt's `api` context for SQLFluff's plain Jinja templater: `api.Column.translate_type` renders
a type as written (dbt itself never reads this folder; .sqlfluff sets it as library_path)."""


class Column:
    @staticmethod
    def translate_type(dtype):
        return dtype
