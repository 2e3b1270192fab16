"""Model identity: every name in the seed data resolves to exactly one canonical id."""

from __future__ import annotations

import csv

import pytest
from conftest import SEED
from typer.testing import CliRunner

from zoobench import registry
from zoobench.cli import app
from zoobench.errors import UnknownModel

EXPECTED = {
    "DenseNet-121 (k=32)": "densenet121",
    "DenseNet 121": "densenet121",
    "DenseNet121": "densenet121",
    "VGG 11": "vgg11",
    "VGG-11_BN": "vgg11_bn",
    "FBResNet-152": "fbresnet152",
    "Alexnet": "alexnet",
    "SqueezeNet1_1": "squeezenet1_1",
    "SqueezeNet-v1": "squeezenet1_0",
    "SqueezeNet-v1.0": "squeezenet1_0",
    "DualPathNet107_5k": "dpn107",
    "DualPathNet68b_5k": "dpn68b",
    "DPN-68": "dpn68",
    "ResNeXt-101 (32x4d)": "resnext101_32x4d",
    "SE-ResNeXt50_32x4d": "se_resnext50_32x4d",
    "BN-Inception": "bninception",
    "BNInception": "bninception",
    "MobileNet-v1": "mobilenetv1_100",
    "MobileNetV2": "mobilenet_v2",
    "ShuffleNet": "shufflenet_v1_g3_x1_0",
    "ShuffleNet-v2.05": "shufflenet_v2_x0_5",
    "ShuffleNet-v2.1": "shufflenet_v2_x1_0",
    "NasNet": "nasnetalarge",
    "NasNet mobile": "nasnetamobile",
    "PNASNet": "pnasnet5large",
    "MnasNet": "mnasnet1_0",
    "Inception-v3": "inception_v3",
    "InceptionV3": "inception_v3",
    "CaffeResnet101": "cafferesnet101",
    "Inception-ResNet-v2": "inceptionresnetv2",
    "GoogLeNet": "googlenet",
}


def seed_names() -> set[str]:
    if not SEED.is_dir():
        pytest.skip(f"seed data not found at {SEED}")
    return {row["model"] for f in SEED.glob("*.csv") for row in csv.DictReader(f.open())}


def test_every_seed_name_resolves() -> None:
    names = seed_names()
    assert len(names) > 100
    resolved = {name: registry.resolve(name) for name in names}
    assert all(registry.is_known_id(i) for i in resolved.values())
    for name, model_id in EXPECTED.items():
        assert resolved.get(name, registry.resolve(name)) == model_id, name


def test_all_44_bianco_models_have_distinct_ids() -> None:
    if not SEED.is_dir():
        pytest.skip("seed data not found")
    names = [row["model"] for row in csv.DictReader((SEED / "bianco2018_titanxp_time_ms.csv").open())]
    assert len(names) == 44
    assert len({registry.resolve(n) for n in names}) == 44


def test_regnet_sizes_do_not_collide() -> None:
    assert registry.resolve("RegNetX-1.6GF") == "regnet_x_1_6gf"
    assert registry.resolve("RegNetX-16GF") == "regnet_x_16gf"
    assert registry.normalise("ResNeXt-101 (32x4d)") == registry.normalise("resnext101_32x4d")


def test_unknown_names_are_errors_naming_the_name() -> None:
    with pytest.raises(UnknownModel, match="'ResNet-9000'"):
        registry.resolve("ResNet-9000")
    with pytest.raises(UnknownModel, match=r"did you mean: .*resnet50"):
        registry.resolve("resnet5O")
    with pytest.raises(UnknownModel):
        registry.resolve("")


def test_timm_ids_pass_through() -> None:
    assert registry.resolve("timm:convnext_atto") == "timm:convnext_atto"
    assert registry.get("timm:convnext_atto").library == "timm"
    assert not registry.is_known_id("timm:")


def test_catalogue_covers_the_libraries() -> None:
    libraries = {m.library for m in registry.all_models()}
    assert libraries == {"torchvision", "pretrainedmodels", "timm", "zoobench"}
    assert len(registry.list_models("resnet*")) >= 5
    assert registry.get("nasnetalarge").resolution_px == 331
    assert registry.get("inceptionv4").resolution_px == 299


def test_models_cli_resolves_and_fails_on_unknown() -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["models", "VGG 11", "DualPathNet107_5k"])
    assert ok.exit_code == 0, ok.output
    assert "vgg11" in ok.stdout and "dpn107" in ok.stdout
    bad = runner.invoke(app, ["models", "VGG 11", "NoSuchNet"])
    assert bad.exit_code == 1
    assert "NoSuchNet" in bad.stderr
    listing = runner.invoke(app, ["models", "--json"])
    assert listing.exit_code == 0 and '"shufflenet_v1_g3_x1_0"' in listing.stdout


def test_declared_equivalences_resolve_to_one_canonical_id() -> None:
    eq = registry.equivalences()
    assert eq["timm:resnet50"] == "resnet50" and registry.canonical("timm:resnet50") == "resnet50"
    assert registry.canonical("resnet50") == "resnet50"
    assert registry.canonical("timm:convnext_atto") == "timm:convnext_atto"  # no registry twin
    assert all((registry.is_known_id(a) and registry.get(b).library != "timm") or b == "mobilenetv1_100"
               for a, b in eq.items())


def test_timm_ids_are_checked_against_the_shipped_name_list() -> None:
    assert {"resnet50", "convnext_atto", "vit_base_patch16_224"} <= registry.timm_names()
    assert registry.is_known_id("timm:resnet50")
    assert not registry.is_known_id("timm:resnet9000")
    with pytest.raises(UnknownModel, match="timm:resnet50"):
        registry.resolve("timm:resnet5O")


@pytest.mark.slow
def test_shipped_timm_name_list_is_current(tmp_path) -> None:
    import json
    import runpy

    timm = pytest.importorskip("timm")
    from conftest import REPO

    shipped = json.loads((REPO / "core" / "timm_names.json").read_text())
    if shipped["timm"] != timm.__version__ or not (SEED / "timm").is_dir():
        pytest.skip(f"list made with timm {shipped['timm']}, timm {timm.__version__} installed")
    runpy.run_path(str(REPO / "scripts" / "timm_names.py"))["main"](
        ["--seed-dir", str(SEED / "timm"), "--out", str(tmp_path / "names.json")])
    assert json.loads((tmp_path / "names.json").read_text()) == shipped


@pytest.mark.slow
@pytest.mark.parametrize(("other", "canonical"), sorted(registry.equivalences().items()))
def test_each_declared_equivalence_has_equal_params_and_flops(other: str, canonical: str) -> None:
    torch = pytest.importorskip("torch")
    from zoobench.collect import flops, models

    resolution = registry.get(canonical).resolution_px
    with torch.device("meta"):
        a, b = models.create_model(canonical), models.create_model(other)
    assert sum(p.numel() for p in a.parameters()) == sum(p.numel() for p in b.parameters())
    assert flops.count(other, resolution).gflops == flops.count(canonical, resolution).gflops
