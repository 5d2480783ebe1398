"""User-added GeoNames dumps: add, download (from a local HTTP server), rebuild, bad input.

One separate index is built in a temporary home for this module. It starts from the built-in
stage cached by the session's default index so that the module does not refold cities500.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest

from geo.cli.main import main as territory
from geo.gazetteer import build
from geo.gazetteer.index import Gazetteer

#: villages of the Iraq and Syria dumps that cities500 lacks (GeoNames ids)
VILLAGES = [("Gwer", "IQ", 9256255), ("Khazir", "IQ", 94413), ("Hardan", "IQ", 6786579),
            ("Dabiq", "SY", 171011), ("Baghuz", "SY", 171944)]

#: a made-up village served by the test HTTP server as XX.zip
FAKE_ID, FAKE_NAME = 999000111, "Qaryat Ikhtibar"


def _geonames_row(gid: int, name: str, alternates: str, lat: float, lon: float, cc: str,
                  admin1: str, pop: int = 0, fclass: str = "P", fcode: str = "PPL") -> str:
    cols = [str(gid), name, name, alternates, str(lat), str(lon), fclass, fcode, cc, "", admin1,
            "", "", "", str(pop), "", "", "Asia/Baghdad", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols) + "\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A local HTTP server with XX.zip, standing in for download.geonames.org."""
    root = tmp_path_factory.mktemp("geonames_server")
    with zipfile.ZipFile(root / "XX.zip", "w") as zf:
        zf.writestr("XX.txt", _geonames_row(FAKE_ID, FAKE_NAME, "Qaryat al-Ikhtibar,Ikhtibar Village",
                                            35.1, 42.2, "IQ", "15"))
    (root / "YY.zip").write_text("this is an HTML error page, not a zip")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))

    class Quiet(handler.func):  # type: ignore[name-defined]
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _new_home(tmp_path_factory, name: str) -> Path:
    home = tmp_path_factory.mktemp(name)
    default = Gazetteer.open()  # the session index; its home holds the cached built-in stage
    shutil.copyfile(default.path.parent / build.BASE_FILE, home / build.BASE_FILE)
    return home


@pytest.fixture(scope="module")
def home(tmp_path_factory, shared_data_dir):
    """An index with the Iraq and Syria dumps of ../shared/data, read in place."""
    home = _new_home(tmp_path_factory, "territory_home")
    dumps = shared_data_dir / "gazetteer" / "geonames-format"
    assert territory(["gazetteer", "--home", str(home), "add", str(dumps / "IQ.zip"),
                      str(dumps / "SY.zip")]) == 0
    return home


@pytest.fixture(scope="module")
def small_home(tmp_path_factory, served):
    """An index with only the dump downloaded from the local server (quick to rebuild)."""
    home = _new_home(tmp_path_factory, "territory_small")
    assert territory(["gazetteer", "--home", str(home), "download", "XX", "--base-url", served]) == 0
    return home


@pytest.fixture(scope="module")
def gz(home) -> Gazetteer:
    return Gazetteer.open(home)


@pytest.mark.parametrize("name, country, gid", VILLAGES)
def test_villages_found_once_dumps_are_added(gz, name, country, gid):
    assert gz.candidates(name, country=country)[0].geonameid == gid
    assert Gazetteer.open().get(gid) is None  # not in the built-in index


def test_downloaded_dump_is_indexed(small_home):
    assert (small_home / "downloads" / "XX.zip").is_file()
    best = Gazetteer.open(small_home).candidates("Qaryat al-Ikhtibar")[0]
    assert (best.geonameid, best.name) == (FAKE_ID, FAKE_NAME)


def test_village_is_found_by_its_name_without_the_generic_word(small_home):
    """GeoNames calls many Iraqi villages "Qaryat X" ("village of X"); news writes "X"."""
    best = Gazetteer.open(small_home).candidates("Ikhtibar")[0]
    assert best.geonameid == FAKE_ID
    assert best.score_parts["name"] == 0.88  # below an exact alternate: a town called just that wins


def test_generic_word_comes_off_only_the_start_of_a_longer_name():
    assert build.without_generic_prefix(["Qaryat Tall al Warda", "Qaryat al Fanar"]) == [
        "Tall al Warda", "al Fanar"]
    assert build.without_generic_prefix(["Qaryat", "Qaryatayn", "Nahiyat al", "Kafr Tajriba"]) == []


def test_names_of_villages_without_their_generic_word_yield_to_exact_names():
    from geo.gazetteer.index import _without_generic_namesakes
    town, village = (1.0, ("town",), "al hamra"), (0.88, ("village",), "al hamra")
    assert _without_generic_namesakes({1: town, 2: village}, {2}) == {1: town}
    folded = (0.86, ("respelt",), "abasi")
    assert _without_generic_namesakes({1: folded, 2: village}, {2}) == {1: folded, 2: village}


def test_dump_rows_override_builtin_fields_but_keep_population(gz):
    mosul = gz.get(99072)
    assert mosul.source == "dump:IQ.zip"
    assert mosul.population > 1_000_000  # cities500's figure, the dump carries less
    assert mosul.admin1 == "15"


def test_curated_entries_yield_to_geonames_entries(gz):
    anbar = gz.candidates("al-Anbar province", country="IQ")[0]
    assert anbar.feature_code == "ADM1" and anbar.geonameid > 0  # the dump's governorate
    zaynab = gz.candidates("Sayyida Zaynab", country="SY")[0]
    assert zaynab.geonameid > 0 and zaynab.source == "dump:SY.zip"


def test_spellings_still_resolve_with_dumps(gz):
    for name, country, gid in [("Kobani", "SY", 172256), ("Shaddadeh", "SY", 172837),
                               ("Dayr az Zawr", "SY", 170794), ("Tal Afar", "IQ", 90393)]:
        assert gz.candidates(name, country=country)[0].geonameid == gid, name


def test_sources_are_recorded_and_listed(home, capsys):
    recs = build.read_sources(home)
    assert [Path(r["path"]).name for r in recs] == ["IQ.zip", "SY.zip"]
    assert all(r["size"] > 0 and r["mtime_ns"] > 0 and r["kind"] == "main" for r in recs)
    assert territory(["gazetteer", "--home", str(home), "sources"]) == 0
    assert "SY.zip" in capsys.readouterr().out


def test_index_is_rebuilt_when_a_source_changes(small_home, tmp_path):
    home = small_home
    # A copy of the downloaded dump, edited after adding: the next open must see the edit.
    mine = tmp_path / "ZZ.txt"
    mine.write_text(_geonames_row(999000222, "Tall Awwal", "", 36.0, 42.0, "IQ", "15"))
    assert territory(["gazetteer", "--home", str(home), "add", str(mine)]) == 0
    assert Gazetteer.open(home).candidates("Tall Awwal")[0].geonameid == 999000222
    mine.write_text(_geonames_row(999000222, "Tall Thani", "", 36.0, 42.0, "IQ", "15"))
    os.utime(mine, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    fresh = Gazetteer.open(home)
    assert fresh.candidates("Tall Thani")[0].geonameid == 999000222
    assert fresh.candidates("Tall Awwal") == []
    assert territory(["gazetteer", "--home", str(home), "remove", str(mine)]) == 0
    assert Gazetteer.open(home).get(999000222) is None


def test_admin1_codes_alternate_names_and_cities500_formats(small_home, shared_data_dir, tmp_path):
    """admin1CodesASCII gives curated governorates their GeoNames ids; alternateNamesV2 adds
    names to known places (skipping links and unknown ids); cities500.zip is a main table."""
    alt = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alt, "w") as zf:
        zf.writestr("alternateNamesV2.txt", "".join([
            "1\t99072\ten\tMawsil al-Hadba\t\t\t1\t\t\t\n",
            "2\t99072\tlink\thttps://en.wikipedia.org/wiki/Mosul_Hadba_Link\t\t\t\t\t\t\n",
            "3\t123456789\ten\tNowhere Hadba\t\t\t\t\t\t\n",
        ]))
        zf.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\n")
    cities = tmp_path / "cities500.zip"
    with zipfile.ZipFile(cities, "w") as zf:
        zf.writestr("cities500.txt", _geonames_row(999000333, "Kharbat Tajriba", "", 36.5, 41.5,
                                                   "IQ", "15", pop=800))
    admin1 = shared_data_dir / "gazetteer" / "geonames_admin1CodesASCII.txt"
    argv = ["gazetteer", "--home", str(small_home), "add", str(admin1), str(alt), str(cities)]
    assert territory(argv) == 0
    gz = Gazetteer.open(small_home)
    anbar = gz.candidates("Anbar province", country="IQ")[0]
    assert (anbar.geonameid, anbar.feature_code, anbar.admin1) == (99592, "ADM1", "01")
    assert gz.candidates("Mawsil al-Hadba")[0].geonameid == 99072
    assert gz.candidates("Nowhere Hadba") == []
    assert not gz.is_name("https://en.wikipedia.org/wiki/Mosul_Hadba_Link")
    assert gz.candidates("Kharbat Tajriba")[0].geonameid == 999000333
    kinds = {Path(r["path"]).name: r["kind"] for r in build.read_sources(small_home)}
    assert kinds["geonames_admin1CodesASCII.txt"] == "admin1"
    assert kinds["alternateNamesV2.zip"] == "alternates" and kinds["cities500.zip"] == "main"
    argv = ["gazetteer", "--home", str(small_home), "remove", str(admin1), str(alt), str(cities)]
    assert territory(argv) == 0


def test_lookup_cli_json(home, capsys):
    import json

    assert territory(["gazetteer", "--home", str(home), "lookup", "Dabiq", "--country", "SY",
                      "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["geonameid"] == 171011 and out[0]["country_code"] == "SY"
    assert {"name", "lat", "lon", "admin1", "feature_class", "feature_code", "population",
            "score", "score_parts"} <= set(out[0])


def test_lookup_cli_text_shows_score_parts(home, capsys):
    assert territory(["gazetteer", "--home", str(home), "lookup", "Taza", "--country", "IQ",
                      "--near", "35.3,44.3", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "distance_km=" in out and "country=" in out and "name=" in out


# ------------------------------------------------------------------ bad input, clear errors


def _error(capsys, argv) -> str:
    assert territory(argv) == 1
    return capsys.readouterr().err


def test_missing_file(tmp_path, capsys):
    err = _error(capsys, ["gazetteer", "--home", str(tmp_path), "add", str(tmp_path / "IQ.zip")])
    assert "IQ.zip" in err and "no such file" in err


def test_not_a_zip(tmp_path, capsys):
    bad = tmp_path / "IQ.zip"
    bad.write_text("<html>not found</html>")
    err = _error(capsys, ["gazetteer", "--home", str(tmp_path), "add", str(bad)])
    assert str(bad) in err and "zip" in err
    assert build.read_sources(tmp_path) == []  # nothing recorded


def test_wrong_columns(tmp_path, capsys):
    bad = tmp_path / "IQ.txt"
    bad.write_text("123\tMosul\t36.3\t43.1\n")
    err = _error(capsys, ["gazetteer", "--home", str(tmp_path), "add", str(bad)])
    assert str(bad) in err and "line 1" in err and "19" in err


def test_unknown_kind_of_file(tmp_path, capsys):
    bad = tmp_path / "places.csv"
    bad.write_text("name,lat,lon\n")
    err = _error(capsys, ["gazetteer", "--home", str(tmp_path), "add", str(bad)])
    assert "places.csv" in err and "GeoNames" in err


def test_download_errors(tmp_path, capsys, served):
    err = _error(capsys, ["gazetteer", "--home", str(tmp_path), "download", "QQ", "--base-url", served])
    assert "QQ.zip" in err and "404" in err
    err = _error(capsys, ["gazetteer", "--home", str(tmp_path), "download", "YY", "--base-url", served])
    assert "YY.zip" in err and "zip" in err
    assert not (tmp_path / "downloads" / "YY.zip").exists()
    err = _error(capsys, ["gazetteer", "--home", str(tmp_path), "download", "Iraq"])
    assert "two-letter" in err


def test_bad_near(tmp_path, capsys):
    err = _error(capsys, ["gazetteer", "--home", str(tmp_path), "lookup", "Mosul", "--near", "north"])
    assert "LAT,LON" in err


def test_home_that_cannot_be_created(tmp_path, capsys):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("a file where the home directory should go")
    err = _error(capsys, ["gazetteer", "--home", str(blocker / "home"), "build"])
    assert str(blocker / "home") in err and "TERRITORY_HOME" in err


def test_dump_only_places_get_readable_names(gz):
    # The Syria dump names Ar Raqqah in Arabic script; the cities500 name stays.
    assert gz.get(172955).name == "Ar Raqqah"
    assert gz.get(163808).name == "Tadmur"


def test_latin_alternate_names_a_place_written_in_another_script():
    from geo.gazetteer.sources import _latin_name

    assert _latin_name("الرقة", ["الرقة", "Ar Raqqah", "Raqqa"]) == "Ar Raqqah"
    assert _latin_name("Tall Abyaḑ", ["تل أبيض"]) == "Tall Abyaḑ"
    assert _latin_name("الرقة", ["الرقة"]) == "الرقة"


def test_two_processes_opening_a_missing_index_build_it_once(tmp_path_factory):
    """Both wait on the lock; the second finds the first one's index and uses it."""
    import subprocess
    import sys

    home = _new_home(tmp_path_factory, "territory_race")
    code = ("import sys; from geo.gazetteer.index import Gazetteer; gz = Gazetteer.open(sys.argv[1]); "
            "print(gz.meta['build_seconds'], gz.candidates('Kobani')[0].geonameid)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(home)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-500:] for o in outs]
    answers = {o[0].split()[1] for o in outs}
    assert answers == {"172256"}
    assert len({o[0].split()[0] for o in outs}) == 1  # one build, seen by both
    assert not list(home.glob(".gazetteer-*"))  # no temporary files left behind


def test_the_next_build_removes_what_a_killed_build_left(tmp_path_factory, capsys):
    home = _new_home(tmp_path_factory, "after_a_kill")
    # a build killed by SIGKILL leaves its half-written index under its temporary name
    killed = home / f"{build.TEMP_PREFIX}k1ll3d.sqlite"
    killed.write_bytes(b"SQLite format 3\0" + bytes(4096))
    unrelated = home / "notes.sqlite"
    unrelated.write_bytes(b"the user's own file")
    build.build(home, progress=False)
    assert not killed.exists() and unrelated.exists()
    assert not [p for p in home.iterdir() if p.name.startswith(build.TEMP_PREFIX)]
    err = capsys.readouterr().err
    assert str(killed) in err and "left by a gazetteer build that was stopped" in err
    assert Gazetteer(home / build.INDEX_FILE).meta.get("fingerprint")
