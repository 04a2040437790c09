"""Answer checking: a typed or spoken answer in; covered key points with their evidence, a
suggested rating and the misconceptions it states out. Qt-free and deterministic."""
