# SYNTAX TEST "source.python" "Strings whose content starts with a SQL statement, in every quote style"
one = "SELECT a FROM t"
#      ^^^^^^ string.quoted.single.python meta.embedded.sql keyword.other.DML.sql
#               ^^^^ meta.embedded.sql keyword.other.DML.sql
two = 'UPDATE t SET a = 1'
#      ^^^^^^ string.quoted.single.python meta.embedded.sql keyword.other.DML.sql
#               ^^^ meta.embedded.sql keyword.other.DML.sql
three = """WITH recent AS (SELECT 1) SELECT * FROM recent"""
#       ^^^ string.quoted.multi.python punctuation.definition.string.begin.python
#          ^^^^ string.quoted.multi.python meta.embedded.sql
#                                    ^^^^^^ meta.embedded.sql keyword.other.DML.sql
#                                                        ^^^ string.quoted.multi.python punctuation.definition.string.end.python - meta.embedded.sql
four = '''CREATE TABLE IF NOT EXISTS audit (id INT)'''
#         ^^^^^^ string.quoted.multi.python meta.embedded.sql
#                                              ^^^ meta.embedded.sql storage.type.sql
query = """
#       ^^^ string.quoted.multi.python punctuation.definition.string.begin.python
    SELECT *
#   ^^^^^^ string.quoted.multi.python meta.embedded.sql keyword.other.DML.sql
    FROM orders
#   ^^^^ meta.embedded.sql keyword.other.DML.sql
    WHERE updated_at > %s
#   ^^^^^ meta.embedded.sql keyword.other.DML.sql
#                      ^^ meta.embedded.sql constant.character.format.placeholder.other.python
    ORDER BY updated_at
#   ^^^^^^^^ meta.embedded.sql keyword.other.DML.sql
"""
# <--- string.quoted.multi.python punctuation.definition.string.end.python
raw = r"COPY t FROM 's3://bucket/key' CREDENTIALS 'x'"
#     ^ storage.type.string.python
#                   ^^^^^^^^^^^^^^^^^ meta.embedded.sql string.quoted.single.sql
lower = "insert into audit (id) values (1)"
#        ^^^^^^^^^^^ meta.embedded.sql keyword.other.DML.sql
ident = 'SELECT "Order" FROM t'
#               ^^^^^^^ meta.embedded.sql string.quoted.double.sql
#                       ^^^^ meta.embedded.sql keyword.other.DML.sql - string.quoted.double.sql
message = "Update the docs before release"
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.python - meta.embedded.sql
label = "DELETE"
#        ^^^^^^ string.quoted.single.python - meta.embedded.sql
doc = """
    Not SQL: a plain multi-line string.
#   ^^^^^^^ string.quoted.multi.python - meta.embedded.sql
"""
def load():
    """SELECT-free docstring."""
#      ^^^^^^^^^^^ string.quoted.docstring.multi.python - meta.embedded.sql
    return 1
