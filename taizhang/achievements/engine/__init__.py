"""The pure part of the achievement library: Chinese text into search tokens with a domain
dictionary (`tokens`: jieba with the technical terms of `terms` and the enterprises' names and
short names of `names`), and a need's candidates with their reasons (`reasons`). No database,
no index on disk, no web."""
