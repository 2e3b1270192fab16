"""zoobench.collect: measures models with PyTorch and writes measurement files (needs the `collect` extra).

One module per job: `models` (constructors, preprocessing; `create_model` / `list_models`),
`shufflenet_v1` (zoobench's own ShuffleNet v1), `presets`, `environment`, `timing`, `memory`,
`energy` and `nvml`, `flops`, `ops` (profiler breakdown), `accuracy`, `worker` (one model in a
fresh process), `runner` (the sweep and its file), `progress` (the progress bar).
"""
