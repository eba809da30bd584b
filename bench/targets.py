"""The bench's scorecard: each section adds the figures issue 15 sets a limit on, and `make bench` ends with one
table saying which are met and, for the others, by how much they miss."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    name: str
    measured: float
    limit: float  # met when measured ≤ limit
    unit: str  # "ms", "s", "MB", "×"

    @property
    def met(self) -> bool:
        return self.measured <= self.limit

    def _value(self, x: float) -> str:
        if self.unit == "×":
            return f"{x:.2f}×"
        return f"{x:,.0f} {self.unit}" if self.unit in ("ms", "MB") else f"{x:.2f} {self.unit}"

    def row(self) -> str:
        miss = "—" if self.met else f"{(self.measured / self.limit - 1) * 100:+.0f} %"
        return (f"| {self.name} | {self._value(self.measured)} | ≤ {self._value(self.limit)} | "
                f"{'yes' if self.met else 'no'} | {miss} |")


@dataclass
class Scorecard:
    targets: list[Target] = field(default_factory=list)

    def add(self, name: str, measured: float, limit: float, unit: str) -> None:
        self.targets.append(Target(name, measured, limit, unit))

    def table(self) -> str:
        """The Markdown table, with a last line counting what is met ('' when nothing was measured)."""
        if not self.targets:
            return ""
        met = sum(t.met for t in self.targets)
        lines = ["## Issue 15's targets, this run", "| target | measured | limit | met? | over the limit by |",
                 "|---|---:|---:|---|---:|", *(t.row() for t in self.targets),
                 f"{met} of {len(self.targets)} met"]
        return "\n".join(lines)
