"""The network stage: the knowledge graph projected onto networkx, and what is measured on it.

Modules, in data-flow order:

* :mod:`~ecokg.network.rows` -- the projection's SPARQL queries (``queries/projection-*.rq``) run
  on the build (Oxigraph directly), answers as plain rows;
* :mod:`~ecokg.network.projection` -- :func:`~ecokg.network.projection.project`: rows assembled
  into a networkx graph of entities, evidence on every edge;
* :mod:`~ecokg.network.order` -- the deterministic node order every result breaks ties with;
* :mod:`~ecokg.network.centrality` (+ :mod:`~ecokg.network.fast_centrality`, its igraph/scipy
  backend) -- the five centrality measures, sampling and ranks;
* :mod:`~ecokg.network.structure` -- cut points, bridges, k-cores, components, fragmentation;
* :mod:`~ecokg.network.communities` -- Louvain communities and their description;
* :mod:`~ecokg.network.paths` -- shortest explanation paths, each hop with its sentences;
* :mod:`~ecokg.network.chain_leaders` -- the 链主 view per industry sector;
* :mod:`~ecokg.network.export` -- the score table, ``centrality.csv`` and the ``ekgg:analysis`` graph.

Entities are found by name with :mod:`ecokg.query.names`.
"""
