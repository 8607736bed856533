"""One checker per sources.toml table: ``check(c, data, ...)`` reads the table's keys, reports
each problem to the Checker ``c`` under its key path, and returns the table's typed settings.

A key is added in its table's module here and its field in monitor/config/settings.py.
"""
