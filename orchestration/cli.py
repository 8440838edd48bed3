"""`k12`: generate a demo district, run the pipeline, open the Dagster UI, benchmark."""

import subprocess
import sys
from pathlib import Path

import click

from orchestration.export_raw_cli import export_raw
from orchestration.import_cli import import_group
from orchestration.settings import REPO_ROOT, Settings

_path = click.Path(path_type=Path)


@click.group()
def main() -> None:
    """k12-warehouse: a district's SIS, HR and finance exports into a DuckDB warehouse."""


@main.command()
@click.option("--students", default=20_000, show_default=True, help="Students per year.")
@click.option("--years", default=4, show_default=True, help="School years to write.")
@click.option("--seed", default=42, show_default=True, help="Random seed; same seed, same files.")
@click.option("--out", type=_path, default=None, help="Landing folder [env K12_LANDING_DIR].")
@click.option("--messy", is_flag=True, help="Plant the defects real exports have.")
@click.option("--if-absent", is_flag=True, help="Do nothing when the folder already has files.")
@click.option(
    "--last-school-year",
    type=click.IntRange(1990, 2100),
    default=None,
    help="Spring year of the latest school year written (2025-26 is 2026) "
    "[default: the generator's].",
)
def generate(
    students: int,
    years: int,
    seed: int,
    out: Path | None,
    messy: bool,
    if_absent: bool,
    last_school_year: int | None,
):
    """Write a demo district's exports into a landing folder, following the export contract."""
    from demo_district import generate_district

    out = Settings.load(landing_dir=out).landing_dir
    if if_absent and out.exists() and any(out.rglob("*.csv")):
        click.echo(f"Landing folder {out} already has exports; not generating.")
        return
    # the generator's own default stays its one home: pass the year only when it is given
    chosen = {} if last_school_year is None else {"last_school_year": last_school_year}
    summary = generate_district(
        out, students=students, years=years, seed=seed, messy=messy, **chosen
    )
    rows = sum(summary.files.values())
    click.echo(
        f"Wrote {len(summary.files)} files, {rows:,} rows, {summary.bytes_written / 1e6:,.1f} MB "
        f"for {summary.schools} schools into {out}"
    )
    for planted in summary.planted:
        click.echo(f"  planted: {planted}")


@main.command()
@click.option("--landing", type=_path, default=None, help="Landing folder [env K12_LANDING_DIR].")
@click.option("--warehouse", type=_path, default=None, help="DuckDB file [env K12_WAREHOUSE].")
@click.option("--archive", type=_path, default=None, help="File archive [env K12_ARCHIVE_DIR].")
@click.option("--releases", type=_path, default=None, help="Release folder [env K12_RELEASE_DIR].")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Seconds to wait for a run already using the warehouse before giving up.",
)
@click.option(
    "--accept-shrink",
    multiple=True,
    metavar="SYSTEM/EXTRACT/YEAR",
    help="Load this held snapshot although it has far fewer rows than the loaded one "
    "(e.g. sis/students/2026); repeatable.",
)
@click.option("--full", is_flag=True, help="Run everything, even when nothing changed.")
@click.option("-v", "--verbose", is_flag=True, help="Also print Dagster's and dbt's logs.")
def run(landing, warehouse, archive, releases, wait, accept_shrink, full, verbose) -> None:
    """Load what changed, rebuild what depends on it, gate and publish; print a summary.

    Exit 0 on success or when nothing is new, 1 if anything failed, 75 if another run holds the
    warehouse."""
    from orchestration.run_command import run_command

    settings = Settings.load(
        landing_dir=landing,
        warehouse=warehouse,
        archive_dir=archive,
        release_dir=releases,
        accepted_shrinks=frozenset(accept_shrink),
    )
    sys.exit(run_command(settings, wait_seconds=wait, full=full, verbose=verbose, echo=click.echo))


@main.command()
@click.option("--port", default=3000, show_default=True)
def ui(port: int) -> None:
    """Serve the Dagster UI on 127.0.0.1 only."""
    settings = Settings.load()
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster), "dev", "-m", "orchestration.definitions", "-h", "127.0.0.1"]
    # The code server is another process: it reads the same settings from its environment.
    env = settings.child_env()
    subprocess.run([*command, "-p", str(port)], cwd=REPO_ROOT, env=env, check=False)


@main.command("contract-doc")
@click.option("--check", is_flag=True, help="Exit 1 if docs/export-contract.md is out of date.")
def contract_doc(check: bool) -> None:
    """Write docs/export-contract.md from the machine-readable contract."""
    from ingestion.contract_doc import render_contract_doc

    target = REPO_ROOT / "docs" / "export-contract.md"
    rendered = render_contract_doc()
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != rendered:
            raise click.ClickException(f"{target} is out of date: run `k12 contract-doc`")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rendered, encoding="utf-8")
    click.echo(f"Wrote {target}")


@main.command()
@click.option(
    "--sizes", default="100000,1000000", show_default=True, help="Students, comma-separated."
)
@click.option(
    "--work-dir",
    type=_path,
    default=None,
    help="Where each size's files are made, then deleted [default data/benchmarks].",
)
def bench(sizes: str, work_dir: Path | None) -> None:
    """Time the whole `k12 run` and a no-change rerun against DuckDB alone reading the same files;
    peak memory of every process; write the table into docs/performance.md."""
    from benchmarks.run_benchmark import run_benchmark

    settings = Settings.load()
    work_dir = work_dir or settings.warehouse.parent / "benchmarks"
    sizes_list = [int(size) for size in sizes.split(",")]
    run_benchmark(sizes_list, work_dir, settings.duckdb_memory_limit)


@main.group()
def profile() -> None:
    """The district's source profile: how its exports differ from the export contract."""


@profile.command("check")
@click.argument("path", type=_path, required=False)
def profile_check(path: Path | None) -> None:
    """Validate a source profile [default K12_SOURCE_PROFILE, else <landing>/source_profile.yml]
    against its schema and the contract; print each error with its line, exit 1 if any."""
    from ingestion.source_profile import check_source_profile

    path = path or Settings.load().source_profile_path
    if not path.is_file():
        raise click.ClickException(f"{path}: no such file (no profile: files follow the contract)")
    problems = check_source_profile(path)
    for problem in problems:
        click.echo(f"{path}:{problem.line}: {problem.message}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {path}")
    click.echo(f"{path}: a valid source profile")


main.add_command(import_group)
main.add_command(export_raw)
