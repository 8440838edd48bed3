"""release.sources.shared_reads: the release reads a mart's rows once for every packet."""

import duckdb

from release.sources import query, shared_reads


def test_within_shared_reads_a_repeated_read_is_answered_from_the_first():
    # GIVEN a table of two schools
    con = duckdb.connect()
    con.execute("create table t as select * from (values ('101', 5), ('102', 7)) v(school_id, n)")
    sql = "select * from t where n > ? order by school_id"
    with shared_reads():
        first = query(con, sql, [0])
        # WHEN a row changes under it (a release's warehouse never does: it is read-only)
        con.execute("update t set n = 99 where school_id = '101'")
        again = query(con, sql, [0])
        other_parameters = query(con, sql, [6])
        # THEN the same read returns the first rows, a different one reads afresh
        assert again["n"].tolist() == [5, 7]
        assert other_parameters["n"].tolist() == [99, 7]
        # and a caller changing its frame changes nobody else's
        first.loc[0, "n"] = -1
        assert query(con, sql, [0])["n"].tolist() == [5, 7]
    # outside it, every read goes to the warehouse
    assert query(con, sql, [0])["n"].tolist() == [99, 7]
