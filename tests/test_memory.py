"""The allocator settings of a build worker do what they say: one arena for every thread, freed memory given back.

Each runs in an interpreter of its own, since an allocator's arenas, once made, stay for the life of the process.
"""

import json
import subprocess
import sys

from tests.conftest import ROOT

THREADS_ALLOCATE = """
import ctypes, json, os, sys, tempfile, threading
from generator.compat import memory
if sys.argv[1] == "one":
    memory.one_arena()
libc = ctypes.CDLL("libc.so.6")
libc.fdopen.restype = ctypes.c_void_p
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fclose.argtypes = [ctypes.c_void_p]
ready, done = threading.Barrier(5), threading.Event()

def work():
    kept = [bytearray(20_000) for _ in range(50)]  # above Python's small-object size: from malloc
    ready.wait()
    done.wait()

threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
ready.wait()  # every thread holds its memory now
with tempfile.TemporaryFile() as report:
    stream = libc.fdopen(os.dup(report.fileno()), b"w")
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    report.seek(0)
    heaps = report.read().count(b"<heap nr=")
done.set()
for thread in threads:
    thread.join()
print(json.dumps(heaps))
"""


def heaps(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", THREADS_ALLOCATE, mode], capture_output=True, text=True, check=True, cwd=ROOT
    )
    count: int = json.loads(done.stdout)
    return count


def test_one_arena_makes_threads_share_the_first() -> None:
    assert heaps("many") > 1  # the allocator's default: an arena for each thread that allocates at once
    assert heaps("one") == 1


FREED_MEMORY = """
import json
from generator.compat import memory

def resident_kb():
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0])

blocks = [bytearray(b"x" * 60_000) for _ in range(3_000)]  # 180 MB, below the size malloc maps on its own
last = bytearray(b"x" * 60_000)  # holds the top of the heap, so that only giving back can shrink it
del blocks
before = resident_kb()
memory.give_back_freed_memory()
print(json.dumps([before, resident_kb()]))
"""


def test_memory_freed_is_given_back() -> None:
    done = subprocess.run([sys.executable, "-c", FREED_MEMORY], capture_output=True, text=True, check=True, cwd=ROOT)
    before, after = json.loads(done.stdout)
    assert before - after > 100_000, (before, after)  # kilobytes: most of the 180 MB freed
