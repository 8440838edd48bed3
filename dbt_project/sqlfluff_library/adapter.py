"""`adapter` for SQLFluff's plain Jinja templater, which has no dbt adapter: a dispatched macro
(dbt_project/macros/portable/) renders as a function call named after it, so the model around it
still parses and lints. dbt itself never reads this folder (make lint sets it as library_path).
"""

# Dispatched macros that render a type, not an expression: a type keeps `::` casts parseable.
TYPE_MACROS = {"type_wide_integer": "hugeint"}


def dispatch(macro_name, macro_namespace=None):
    def render(*args, **kwargs):
        return TYPE_MACROS.get(macro_name, f"{macro_name}()")

    return render
