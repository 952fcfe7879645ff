# Benchmark targets (bench/README.md). Included from the top Makefile, which
# defines BUILD_DIR, JOBS and the `deps` and `build` targets.
BUILD_DIR ?= build
JOBS ?= 2
# Extra flags for bench/bench_compare.py, e.g. BENCH_ARGS="--reps 5 --duration 5".
BENCH_ARGS ?=
# make profile PROFILE_WORKLOAD=query PROFILE_SECONDS=10 [PROFILER=perf|callgrind]
PROFILE_WORKLOAD ?= get
PROFILE_SECONDS ?= 10

.PHONY: bench bench-deps bench-compare bench-scale profile

# Builds the load generator only: $(BUILD_DIR)/bench/riptide-bench.
bench: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j$(JOBS) --target riptide-bench

# nginx (the ceiling), matplotlib (the chart), perf and valgrind (profiles).
bench-deps:
	@bench/install-deps.sh

# Riptide vs DynamoDB Local vs the fixed-answer ceiling, one table of ratios;
# results in bench/results/. About 30 minutes with the defaults.
bench-compare: build bench-deps
	/usr/bin/python3 bench/bench_compare.py --build-dir $(BUILD_DIR) $(BENCH_ARGS)

# GetItem and Query p99 on one million 1 KB items against 10,000.
bench-scale: build bench-deps
	/usr/bin/python3 bench/bench_compare.py --build-dir $(BUILD_DIR) --scale-only $(BENCH_ARGS)

# A workload against Riptide under perf (or callgrind); prints the top frames.
profile: build bench-deps
	bench/profile.sh $(BUILD_DIR) $(PROFILE_WORKLOAD) $(PROFILE_SECONDS)
