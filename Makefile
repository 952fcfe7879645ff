# Riptide developer driver. `make run` and `make test` are all a new user needs.
SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= 2
PORT ?= 8000
DATA_DIR ?= ./riptide-data
PYTHON := /usr/bin/python3
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps build run test unit-test blackbox-test format tidy clean

all: build

deps:
	@tools/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	$(BUILD_DIR)/riptide serve --port $(PORT) --data-dir $(DATA_DIR)

test: build
	@tools/run-tests.sh $(BUILD_DIR)

format:
	find src bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

tidy: $(BUILD_DIR)/build.ninja
	find src -name '*.cc' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf $(BUILD_DIR)

# bench, bench-deps, bench-compare, bench-scale, profile
include bench/bench.mk
