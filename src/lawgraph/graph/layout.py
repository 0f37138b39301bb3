"""A deterministic force-directed layout, so Gephi and the HTML page get a finished picture and the
browser never runs physics.

Vectorised with numpy and deterministic: no random numbers (jitter comes from sha1 of the node id),
every reduction runs in a fixed order, and coordinates are rounded to 0.1 px, so the same graph
gives the same bytes. Cost is O(nodes + edges) per iteration plus one FFT of a fixed-size grid.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import networkx as nx


def _unit_hash(key: str) -> tuple[float, float]:
    h = hashlib.sha1(key.encode("utf-8")).digest()
    return int.from_bytes(h[:4], "big") / 2**32, int.from_bytes(h[4:8], "big") / 2**32


def _kernel_fft(size: int) -> tuple[Any, Any]:
    """FFTs of the Fruchterman-Reingold repulsion r/|r|^2 on a (2*size)^2 grid, in cell units."""
    import numpy as np

    m = 2 * size
    d = np.arange(m, dtype=np.float64)
    d = np.where(d < size, d, d - m)  # wrapped offsets: -size .. size-1
    dx, dy = np.meshgrid(d, d, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[0, 0] = 1.0
    kx = dx / r2
    ky = dy / r2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def layout(
    G: nx.DiGraph, *, edge_length: float = 110.0, budget: int = 12_000_000
) -> dict[str, tuple[float, float]]:
    """Deterministic force-directed positions in pixels (x, y rounded to 0.1).

    Hubs are placed first and every other node starts at the mean of its placed neighbours (in
    rounds, breadth first), then Fruchterman-Reingold iterations refine it: attraction along the
    edges, repulsion from a density grid convolved with the 1/r kernel by FFT (particle-mesh), and
    a gentle gravity. The number of iterations shrinks as the graph grows.
    """
    import numpy as np

    nodes = sorted(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    m_dir = G.number_of_edges()
    src = np.fromiter((index[u] for u, _ in G.edges()), dtype=np.int64, count=m_dir)
    dst = np.fromiter((index[v] for _, v in G.edges()), dtype=np.int64, count=m_dir)
    lo = np.minimum(src, dst)
    hi = np.maximum(src, dst)
    pair = np.unique(lo * n + hi)
    ea = pair // n
    eb = pair % n
    deg = np.bincount(ea, minlength=n) + np.bincount(eb, minlength=n)

    hashes = np.array([_unit_hash(v) for v in nodes], dtype=np.float64) - 0.5  # (n, 2) in [-0.5, 0.5)
    k = 1.0
    side = math.sqrt(n) * k
    pos = np.zeros((n, 2), dtype=np.float64)
    placed = np.zeros(n, dtype=bool)
    # hubs: the highest-degree nodes, spread over the square
    order = np.lexsort((np.arange(n), -deg))
    hubs = order[: max(1, int(math.sqrt(n) / 4))]
    pos[hubs] = hashes[hubs] * side
    placed[hubs] = True
    while True:
        # every unplaced node with placed neighbours goes to their mean (plus a small jitter)
        a_to_b = placed[ea] & ~placed[eb]
        b_to_a = placed[eb] & ~placed[ea]
        tgt = np.concatenate((eb[a_to_b], ea[b_to_a]))
        if tgt.size == 0:
            break
        frm = np.concatenate((ea[a_to_b], eb[b_to_a]))
        cnt = np.bincount(tgt, minlength=n)
        sx = np.bincount(tgt, weights=pos[frm, 0], minlength=n)
        sy = np.bincount(tgt, weights=pos[frm, 1], minlength=n)
        new = cnt > 0
        pos[new, 0] = sx[new] / cnt[new] + hashes[new, 0] * k
        pos[new, 1] = sy[new] / cnt[new] + hashes[new, 1] * k
        placed |= new
    rest = ~placed  # other components / isolated nodes
    pos[rest] = hashes[rest] * side

    grid = int(min(256, max(16, 2 ** math.ceil(math.log2(max(2.0, 1.5 * math.sqrt(n)))))))
    kfx, kfy = _kernel_fft(grid)
    iterations = max(12, min(150, budget // (40 * n + 4 * len(pair) + 8 * grid * grid)))
    temp = side / 6.0
    cool = temp / (iterations + 1)
    for _ in range(iterations):
        # repulsion: cloud-in-cell deposit, FFT convolution with r/|r|^2, bilinear read-back
        mn = pos.min(axis=0)
        extent = float((pos.max(axis=0) - mn).max()) or 1.0
        h = extent / (grid - 1.001)
        g = (pos - mn) / h
        i0 = np.floor(g).astype(np.int64)
        f = g - i0
        i1 = np.minimum(i0 + 1, grid - 1)
        w00 = (1 - f[:, 0]) * (1 - f[:, 1])
        w10 = f[:, 0] * (1 - f[:, 1])
        w01 = (1 - f[:, 0]) * f[:, 1]
        w11 = f[:, 0] * f[:, 1]
        m = 2 * grid
        c00 = i0[:, 0] * m + i0[:, 1]
        c10 = i1[:, 0] * m + i0[:, 1]
        c01 = i0[:, 0] * m + i1[:, 1]
        c11 = i1[:, 0] * m + i1[:, 1]
        rho = (
            np.bincount(c00, weights=w00, minlength=m * m)
            + np.bincount(c10, weights=w10, minlength=m * m)
            + np.bincount(c01, weights=w01, minlength=m * m)
            + np.bincount(c11, weights=w11, minlength=m * m)
        ).reshape(m, m)
        rf = np.fft.rfft2(rho)
        fx = np.fft.irfft2(rf * kfx, s=(m, m)).ravel()
        fy = np.fft.irfft2(rf * kfy, s=(m, m)).ravel()
        scale = k * k / h
        rep_x = (fx[c00] * w00 + fx[c10] * w10 + fx[c01] * w01 + fx[c11] * w11) * scale
        rep_y = (fy[c00] * w00 + fy[c10] * w10 + fy[c01] * w01 + fy[c11] * w11) * scale
        # attraction along edges: |d|^2 / k
        d = pos[ea] - pos[eb]
        dist = np.sqrt((d * d).sum(axis=1))
        fa = d * (dist / k)[:, None]
        att_x = np.bincount(eb, weights=fa[:, 0], minlength=n) - np.bincount(ea, weights=fa[:, 0], minlength=n)
        att_y = np.bincount(eb, weights=fa[:, 1], minlength=n) - np.bincount(ea, weights=fa[:, 1], minlength=n)
        disp = np.stack((rep_x + att_x, rep_y + att_y), axis=1) - 0.05 * pos
        length = np.sqrt((disp * disp).sum(axis=1))
        step = np.where(length > 0, np.minimum(length, temp) / np.where(length > 0, length, 1.0), 0.0)
        pos += disp * step[:, None]
        temp -= cool
    # nodes that ended in the same spot (rounded): nudge apart by their hash
    pos = pos - pos.mean(axis=0)
    out = np.round(pos * edge_length, 1)
    key = out[:, 0] * 1e7 + out[:, 1]
    _, first = np.unique(key, return_index=True)
    if len(first) < n:
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        out[dup] = np.round(out[dup] + hashes[dup] * edge_length * 0.2, 1)
    xs = out[:, 0].tolist()
    ys = out[:, 1].tolist()
    return {nodes[i]: (xs[i] + 0.0, ys[i] + 0.0) for i in range(n)}
