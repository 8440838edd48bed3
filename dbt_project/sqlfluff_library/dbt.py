"""dbt's cross-database macros for SQLFluff's plain Jinja templater, spelled as dbt-duckdb
renders them (dbt itself never reads this folder; .sqlfluff sets it as library_path)."""


def datediff(first_date, second_date, datepart):
    return f"date_diff('{datepart}', {first_date}, {second_date})"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"date_add({from_date_or_timestamp}, interval ({interval}) {datepart})"


def safe_cast(field, type):
    return f"try_cast({field} as {type})"


def type_string():
    return "varchar"


def last_day(date, datepart):
    return (
        f"cast(date_trunc('{datepart}', {date}) + interval 1 {datepart} - interval 1 day as date)"
    )
