"""Tasks: the calls an engine runs for the analysis stage, and the results they wait for.

A :class:`Task` is one call, ``function(*args, engine=...)``. An argument that is itself a
task stands for that task's result, so a set of tasks is a small graph (the kabupaten's
union, then each layer measured in it; the desa's measures, then their priorities). An
engine starts tasks (:meth:`landscape.analyse.engine.Engine.start`) and gives their
results (:meth:`~landscape.analyse.engine.Engine.results`); each task runs once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

_T = TypeVar("_T")
_UNSET: Any = object()


class Task(Generic[_T]):
    """One call of the analysis stage, run where an engine puts it.

    Parameters
    ----------
    function : callable
        Called as ``function(*args, engine=engine)``, ``engine`` being the engine of
        the place it runs in (on a Dask worker, a one-thread local engine).
    *args
        Its arguments; a :class:`Task` among them is replaced by that task's result.
    here : bool
        Run in this process with the engine that started it, never as one task on a
        worker: for work too large for one task (a country's desa), which the engine
        shares out itself. A task that is not ``here`` may not wait for one that is.

    Notes
    -----
    The task keeps what it needs to give its result again: the result itself when run
    here, the cluster's handle (a Dask future, which keeps the result on a worker) when
    sent. Both go with the task.
    """

    __slots__ = ("args", "function", "handle", "here", "value")

    def __init__(self, function: Callable[..., _T], *args: Any, here: bool = False) -> None:
        self.function = function
        self.args = args
        self.here = here
        self.value: Any = _UNSET
        self.handle: Any = None  # the engine's own: a Dask future

    @property
    def done(self) -> bool:
        """Whether the result was computed in this process (and is kept in ``value``)."""
        return self.value is not _UNSET

    def __repr__(self) -> str:
        name = getattr(self.function, "__qualname__", repr(self.function))
        return f"Task({name}, {len(self.args)} args{', here' if self.here else ''})"


def graph(tasks: Sequence[Task[Any]]) -> Iterator[Task[Any]]:
    """Yield the tasks and every task among their arguments, each once, waited-for first."""
    seen: set[int] = set()
    stack: list[tuple[Task[Any], bool]] = [(task, False) for task in reversed(tasks)]
    while stack:
        task, expanded = stack.pop()
        if expanded:
            yield task
            continue
        if id(task) in seen:
            continue
        seen.add(id(task))
        stack.append((task, True))
        stack.extend((arg, False) for arg in reversed(task.args)
                     if isinstance(arg, Task) and id(arg) not in seen)


def checked(tasks: Sequence[Task[Any]]) -> list[Task[Any]]:
    """Return :func:`graph` of the tasks, refusing a task to send that waits for one run here.

    Raises
    ------
    ValueError
        If a task that is not ``here`` waits for one that is (a mistake of the caller,
        refused by every engine alike, though only a cluster could not run it).
    """
    found = list(graph(tasks))
    for task in found:
        late = [arg for arg in task.args if isinstance(arg, Task) and arg.here]
        if late and not task.here:
            msg = f"{task!r} cannot wait on a worker for {late[0]!r}, which runs here"
            raise ValueError(msg)
    return found


def run_here(task: Task[_T], engine: Any, fetch: Callable[[Task[Any]], Any], *,
             everything: bool) -> _T:
    """Run ``task`` in this process with ``engine``, and first what it waits for, each once.

    The tasks it waits for run here too when ``everything`` is true (the local engine) or
    they are ``here``; any other is given by ``fetch`` (from the cluster). One pass over
    the graph, tasks waited for first: no recursion, whatever the depth of the chain.
    """
    for one in checked([task]):
        if one.done or not (everything or one.here):
            continue
        args = [(arg.value if arg.done else fetch(arg)) if isinstance(arg, Task) else arg
                for arg in one.args]
        one.value = one.function(*args, engine=engine)
    result: _T = task.value if task.done else fetch(task)
    return result
