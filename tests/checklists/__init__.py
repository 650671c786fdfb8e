"""The five articles' checklists, as data: each module holds its article's ``SID`` and ``CHECKLIST``.

The Haishu articles (2019, 2020, 2024) also give ``N_FIGURES`` and ``CAPTIONS``; the two 2022 articles
give ``OTHER`` (the companion article), ``CORROBORATED`` and ``TARGET_WORDS``. tests/test_checklists.py
runs every check on every article; see tests/checklist.py for the entry types.
"""

from checklists import c2019_05_haishu, c2020_03_haishu, c2022_04_conference, c2022_04_voices, c2024_haishu

HAISHU = (c2019_05_haishu, c2020_03_haishu, c2024_haishu)
CITY_2022 = (c2022_04_conference, c2022_04_voices)
ARTICLES = HAISHU + CITY_2022
