"""`adapter` for SQLFluff's plain Jinja templater, which has no dbt adapter: a dispatched macro
(dbt_project/macros/portable/) renders as a function call named after it, so the model around it
still parses and lints. dbt itself never reads this folder (.sqlfluff sets it as library_path).
"""

# Dispatched macros that render a type, not an expression: a type keeps casts parseable.
TYPE_MACROS = {"type_wide_integer": "hugeint"}
# Dispatched macros whose arguments are all SQL expressions: passed on, so the columns they name
# count as used (a join read only inside one is not reported as unused).
EXPRESSION_MACROS = {"ordered_string_agg", "integer_divide", "crosswalk_lookup"}


def _union(ctes, columns):
    # A whole query: the CTEs it reads count as used.
    return " union all ".join(f"select * from {cte}" for cte in ctes)


QUERY_MACROS = {"union_all_by_name": _union}


def dispatch(macro_name, macro_namespace=None):
    def render(*args, **kwargs):
        if macro_name in TYPE_MACROS:
            return TYPE_MACROS[macro_name]
        if macro_name in QUERY_MACROS:
            return QUERY_MACROS[macro_name](*args, **kwargs)
        arguments = ", ".join(str(argument) for argument in args)
        return f"{macro_name}({arguments if macro_name in EXPRESSION_MACROS else ''})"

    return render
