"""The demonstration snapshot's writers, one module per source (``scripts/make_sample_data.py`` runs them).

Imports point one way. At the bottom, ``facts`` (what the real files tell us), ``draws`` (random streams
and whole-number splits) and ``writers`` (byte-stable CSV, XLSX and ODS files, and snapshot folders);
above them ``population`` (the invented residents and their changes) and ``councils``; then the source
modules. A source imports another only where its file repeats the other's: ``aps_cob`` gives the LAMI
workbook's survey estimates (``lami_figures``), ``context`` lists DfE's upper-tier authorities
(``dfe_eal``), and the two Home Office tables share ``home_office``. Sources that do not start with the
core population (DWP, ONS births, the context sources) take their areas from ``context``.
"""
