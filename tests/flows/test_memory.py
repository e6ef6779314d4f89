"""flows.runners.short_lived_arrays: Arrow allocates from malloc in the flow's process and in
the processes its stages spawn (mimalloc cost a 19,000-article incremental run 4-5 s)."""


def _pool_name() -> str:
    import pyarrow as pa

    return pa.default_memory_pool().backend_name


def test_arrow_allocates_from_malloc_in_the_flow_and_in_its_spawned_processes():
    import multiprocessing

    import pyarrow as pa

    from flows.runners import short_lived_arrays

    short_lived_arrays()
    assert pa.default_memory_pool().backend_name == "system"
    with multiprocessing.get_context("spawn").Pool(1) as pool:       # the stage pools spawn their processes
        assert pool.apply(_pool_name) == "system"
