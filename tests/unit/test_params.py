import pytest

from build_scripts import paths
from scoring.errors import PipelineError
from scoring.params import Params, build_params, load_params

GOOD = {"blocs": {"东部": ["32", "33"], "中部": ["41"]}, "rank_band_width": 10, "streak_thresholds": [10, 50]}


def test_load_params_reads_the_project_file():
    params = load_params(paths.PARAMS)
    assert isinstance(params, Params)
    assert params.rank_band_width == 10
    assert params.streak_thresholds == (10, 20, 30, 50, 100)
    assert params.bloc_of("320000") == "东部"
    assert params.bloc_of("410000") == "中部"
    assert params.bloc_of("650000") == "西部"
    assert params.bloc_of("210000") == "东北"
    assert sum(len(codes) for codes in params.blocs.values()) == 31


def test_params_is_frozen():
    params = build_params(GOOD)
    with pytest.raises(AttributeError):
        params.rank_band_width = 5
    with pytest.raises(TypeError):
        params.blocs["西部"] = ("51",)


def test_bloc_of_unknown_province_is_none():
    assert build_params(GOOD).bloc_of("710000") is None


@pytest.mark.parametrize(("change", "message"), [
    ({"rank_band_width": 0}, "rank_band_width 0 is not a positive integer"),
    ({"streak_thresholds": [50, 10]}, "must be ascending positive integers"),
    ({"blocs": {"东部": ["32"], "中部": ["32"]}}, 'province "32" is in both 东部 and 中部'),
    ({"blocs": {"东部": ["320000"]}}, "is not a 2-digit province prefix"),
])
def test_build_params_rejects_bad_values(change, message):
    with pytest.raises(PipelineError, match=message):
        build_params({**GOOD, **change})


def test_build_params_names_missing_keys():
    with pytest.raises(PipelineError, match="missing key\\(s\\) rank_band_width"):
        build_params({"blocs": {}, "streak_thresholds": [10]})


def test_load_params_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(PipelineError, match="file not found"):
        load_params(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("blocs: [unclosed\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="not valid YAML"):
        load_params(bad)
