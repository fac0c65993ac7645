# SYNTAX TEST "source.python" "SQL constructs never run past the Python string that holds them"
cur.execute("SELECT * FROM t WHERE name = '" + name + "'")
#                                         ^ meta.embedded.sql string.quoted.single.sql
#                                          ^ punctuation.definition.string.end.python - string.quoted.single.sql
#                                              ^^^^ meta.function-call.python - string
cur.execute("SELECT 1 -- trailing comment")
#                     ^^^^^^^^^^^^^^^^^^^ meta.embedded.sql comment.line.double-dash.sql
#                                        ^^ - comment
after = 1
#       ^ constant.numeric.dec.python - meta.embedded.sql
broken = "SELECT [oops"
#                     ^ string.quoted.single.python punctuation.definition.string.end.python
after = 2
#       ^ constant.numeric.dec.python - meta.embedded.sql
unclosed = 'SELECT "col FROM t'
#                             ^ punctuation.definition.string.end.python - string.quoted.double.sql
after = 3
#       ^ constant.numeric.dec.python - meta.embedded.sql
block = """SELECT 1 /* never closed"""
#                   ^^^^^^^^^^^^^^^ meta.embedded.sql comment.block.sql
#                                  ^^^ punctuation.definition.string.end.python - comment
after = 4
#       ^ constant.numeric.dec.python - meta.embedded.sql
escaped = "SELECT \"quoted\" FROM t"
#                 ^^ meta.embedded.sql constant.character.escape.python
#                            ^^^^ meta.embedded.sql keyword.other.DML.sql
after = 5
#       ^ constant.numeric.dec.python - meta.embedded.sql
