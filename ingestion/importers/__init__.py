"""Importers: Ed-Fi and OneRoster exports written as contract landing files. No Dagster."""
