"""A deterministic layout, so Gephi and the HTML page get a finished picture and the browser never
runs physics.

Each connected component is laid out on its own and the components are packed: the largest in the
middle, the others in grid blocks (one per size class; isolated nodes make one block) put around it
where they grow the picture least, so no component drifts away and the fitted view uses the canvas
whatever the graph's size. Large
components get a force-directed layout (Fruchterman-Reingold, repulsion by FFT on a density grid);
the many small ones are laid out together in one batch with exact pairwise forces.

Deterministic: no random numbers (jitter comes from sha1 of the node id), nodes are sorted first so
insertion order does not matter, every reduction runs in a fixed order, and coordinates are rounded
to 0.1 px. Stable under small changes: a component's shape depends on that component alone (its
nodes, edges and size, never on the rest of the graph), so a report that changes one component
leaves every other component's drawing as it was, only moved as a whole by the packing. Positions are non-negative (the smallest x and y are 0): nodes.csv carries them and a CSV
cell must never start with '-'. Cost is O(nodes + edges) per iteration plus one FFT of a grid.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import Any

import networkx as nx

SMALL = 64  # components up to this size share one batched pairwise layout
SMALL_ITERATIONS = 60  # the same for every small component, so each one's shape is its own
_GAP = 1.0  # space between packed components, in edge lengths
ASPECT = 1.6  # width / height the packing aims at: the pages' canvas is wider than tall


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


def components(n: int, ea: Any, eb: Any) -> Any:
    """Component label of every node (the smallest node index in its component), by hooking and
    pointer jumping over the edge arrays: a few vectorised passes instead of a Python loop."""
    import numpy as np

    lab = np.arange(n)
    while True:
        la, lb = lab[ea], lab[eb]
        m = np.minimum(la, lb)
        new = lab.copy()
        np.minimum.at(new, la, m)  # hook each root under the smaller label of a neighbour
        np.minimum.at(new, lb, m)
        while True:  # compress: every node points at its root
            nxt = new[new]
            if np.array_equal(nxt, new):
                break
            new = nxt
        if np.array_equal(new, lab):
            return lab
        lab = new


def _force(ea: Any, eb: Any, hashes: Any, budget: int) -> Any:
    """Fruchterman-Reingold positions (edge length 1, centred) of one connected component.

    Hubs are placed first and every other node starts at the mean of its placed neighbours (in
    rounds, breadth first), then the iterations refine it: attraction along the edges, repulsion
    from a density grid convolved with the 1/r kernel by FFT (particle-mesh), and a gentle gravity.
    The number of iterations shrinks as the component grows."""
    import numpy as np

    n = len(hashes)
    deg = np.bincount(ea, minlength=n) + np.bincount(eb, minlength=n)
    k = 1.0
    side = math.sqrt(n) * k
    pos = np.zeros((n, 2), dtype=np.float64)
    placed = np.zeros(n, dtype=bool)
    order = np.lexsort((np.arange(n), -deg))
    hubs = order[: max(1, int(math.sqrt(n) / 4))]
    pos[hubs] = hashes[hubs] * side
    placed[hubs] = True
    while True:
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
    rest = ~placed  # cannot happen in a connected component; kept for safety
    pos[rest] = hashes[rest] * side

    grid = int(min(256, max(16, 2 ** math.ceil(math.log2(max(2.0, 1.5 * math.sqrt(n)))))))
    kfx, kfy = _kernel_fft(grid)
    iterations = max(12, min(150, budget // (40 * n + 4 * len(ea) + 8 * grid * grid)))
    temp = side / 6.0
    cool = temp / (iterations + 1)
    m = 2 * grid
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
        c00 = i0[:, 0] * m + i0[:, 1]
        c10 = i1[:, 0] * m + i0[:, 1]
        c01 = i0[:, 0] * m + i1[:, 1]
        c11 = i1[:, 0] * m + i1[:, 1]
        rho = np.bincount(c00, weights=w00, minlength=m * m)
        rho += np.bincount(c10, weights=w10, minlength=m * m)
        rho += np.bincount(c01, weights=w01, minlength=m * m)
        rho += np.bincount(c11, weights=w11, minlength=m * m)
        rho = rho.reshape(m, m)
        rf = np.fft.rfft2(rho)
        fx = np.fft.irfft2(rf * kfx, s=(m, m)).ravel()
        fy = np.fft.irfft2(rf * kfy, s=(m, m)).ravel()
        scale = k * k / h
        rep_x = (fx[c00] * w00 + fx[c10] * w10 + fx[c01] * w01 + fx[c11] * w11) * scale
        rep_y = (fy[c00] * w00 + fy[c10] * w10 + fy[c01] * w01 + fy[c11] * w11) * scale
        del g, i0, f, i1, w00, w10, w01, w11, c00, c10, c01, c11, rho, rf, fx, fy  # not alive beside the edge arrays
        # attraction along edges: |d|^2 / k, per axis (the same sums and products as on (m, 2)
        # arrays, without their copies: a large component's edge arrays are the layout's peak of memory)
        dx = pos[ea, 0]
        dx -= pos[eb, 0]
        dy = pos[ea, 1]
        dy -= pos[eb, 1]
        scale_a = dx * dx
        scale_a += dy * dy
        np.sqrt(scale_a, out=scale_a)
        scale_a /= k
        dx *= scale_a
        dy *= scale_a
        del scale_a
        att_x = np.bincount(eb, weights=dx, minlength=n) - np.bincount(ea, weights=dx, minlength=n)
        att_y = np.bincount(eb, weights=dy, minlength=n) - np.bincount(ea, weights=dy, minlength=n)
        del dx, dy
        disp = np.stack((rep_x + att_x, rep_y + att_y), axis=1) - 0.05 * pos
        length = np.sqrt((disp * disp).sum(axis=1))
        step = np.where(length > 0, np.minimum(length, temp) / np.where(length > 0, length, 1.0), 0.0)
        pos += disp * step[:, None]
        temp -= cool
    return pos - pos.mean(axis=0)


def _small(members: list[Any], ea: Any, eb: Any, hashes: Any) -> Any:
    """Positions (edge length 1) of many small components at once, each around its own origin.

    Start: each component's highest-degree node in the middle, the others on a circle; then
    Fruchterman-Reingold steps with exact repulsion between the nodes of the same component only
    (all the pairs of all the components in one array), so a thousand components cost one loop."""
    import numpy as np

    n = len(hashes)
    deg = np.bincount(ea, minlength=n) + np.bincount(eb, minlength=n)
    pos = np.zeros((n, 2), dtype=np.float64)
    pa: list[Any] = []
    pb: list[Any] = []
    for comp in members:  # comp: sorted global indices of one component
        s = len(comp)
        if s == 1:
            continue
        local = comp[np.lexsort((comp, -deg[comp]))]
        ring = local[1:] if s > 2 else local
        r = 0.5 if s == 2 else max(1.0, (s - 1) / (2 * math.pi) * 1.2)
        ang = 2 * math.pi * np.arange(len(ring)) / len(ring) + (math.pi if s == 2 else 0.5 * math.pi)
        pos[ring, 0] = r * np.cos(ang)
        pos[ring, 1] = -r * np.sin(ang)
        if s > 2:
            iu, ju = np.triu_indices(s, 1)
            pa.append(comp[iu])
            pb.append(comp[ju])
    if not pa:
        return pos
    pi_ = np.concatenate(pa)
    pj = np.concatenate(pb)
    busy = np.zeros(n, dtype=bool)
    busy[pi_] = True
    pos[busy] += hashes[busy] * 0.05  # break symmetric ties
    temp = 0.3
    iterations = SMALL_ITERATIONS  # not from the batch's size: a component never feels the others
    cool = temp / (iterations + 1)
    for _ in range(iterations):
        d = pos[pi_] - pos[pj]
        d2 = np.maximum((d * d).sum(axis=1), 1e-4)
        fr = d / d2[:, None]  # repulsion k^2 / r along d / r
        rep_x = np.bincount(pi_, weights=fr[:, 0], minlength=n) - np.bincount(
            pj, weights=fr[:, 0], minlength=n
        )
        rep_y = np.bincount(pi_, weights=fr[:, 1], minlength=n) - np.bincount(
            pj, weights=fr[:, 1], minlength=n
        )
        d = pos[ea] - pos[eb]
        dist = np.sqrt((d * d).sum(axis=1))
        fa = d * dist[:, None]
        att_x = np.bincount(eb, weights=fa[:, 0], minlength=n) - np.bincount(
            ea, weights=fa[:, 0], minlength=n
        )
        att_y = np.bincount(eb, weights=fa[:, 1], minlength=n) - np.bincount(
            ea, weights=fa[:, 1], minlength=n
        )
        disp = np.stack((rep_x + att_x, rep_y + att_y), axis=1)
        disp[~busy] = 0.0
        length = np.sqrt((disp * disp).sum(axis=1))
        step = np.where(length > 0, np.minimum(length, temp) / np.where(length > 0, length, 1.0), 0.0)
        pos += disp * step[:, None]
        temp -= cool
    return pos


def _blocks(
    comps: list[Any], boxes: list[tuple[float, float, float, float]]
) -> list[tuple[float, float, list]]:
    """The components after the largest, grouped into blocks: components of one size class (half
    octaves of their larger side) share a grid of equal cells, biggest first, so a thousand isolated
    nodes make one square block instead of a thousand items. Returns (width, height, [(component,
    cell centre x, cell centre y)]) per block, with coordinates from the block's top-left corner."""
    tiers: dict[int, list[int]] = {}
    for c in range(1, len(comps)):
        x0, y0, x1, y1 = boxes[c]
        side = max(x1 - x0, y1 - y0) + _GAP
        tiers.setdefault(-math.ceil(math.log2(side) * 2), []).append(c)
    out = []
    for key in sorted(tiers):
        members = tiers[key]
        cw = max(boxes[c][2] - boxes[c][0] for c in members) + _GAP
        ch = max(boxes[c][3] - boxes[c][1] for c in members) + _GAP
        cols = math.ceil(math.sqrt(len(members) * ch / cw))  # a square block
        rows = math.ceil(len(members) / cols)
        cells = [(c, (i % cols + 0.5) * cw, (i // cols + 0.5) * ch) for i, c in enumerate(members)]
        out.append((cols * cw, rows * ch, cells))
    return out


def _place(placed: list[tuple[float, float, float, float]], w: float, h: float) -> tuple[float, float]:
    """Top-left corner for a ``w`` x ``h`` rectangle touching one of the ``placed`` ones (beside,
    above or below it, aligned to its start, middle or end) without overlapping any: the spot that
    keeps the picture's half-extent around the origin smallest, width counted in ``ASPECT`` units
    (the fitted view's scale on a wide canvas; the largest component stays in the middle), then its
    area, then the spot nearest the middle."""
    import numpy as np

    P = np.array(placed, dtype=np.float64)  # (m, 4): x0, y0, x1, y1
    xs = np.stack((P[:, 0], (P[:, 0] + P[:, 2] - w) / 2, P[:, 2] - w), axis=1)  # aligned along x
    ys = np.stack((P[:, 1], (P[:, 1] + P[:, 3] - h) / 2, P[:, 3] - h), axis=1)
    cand = np.concatenate(
        (
            np.stack((np.repeat(P[:, 2], 3), ys.ravel()), axis=1),  # right of
            np.stack((np.repeat(P[:, 0] - w, 3), ys.ravel()), axis=1),  # left of
            np.stack((xs.ravel(), np.repeat(P[:, 1] - h, 3)), axis=1),  # above
            np.stack((xs.ravel(), np.repeat(P[:, 3], 3)), axis=1),  # below
        )
    )
    eps = 1e-9
    overlap = (
        (cand[:, None, 0] < P[None, :, 2] - eps)
        & (cand[:, None, 0] + w > P[None, :, 0] + eps)
        & (cand[:, None, 1] < P[None, :, 3] - eps)
        & (cand[:, None, 1] + h > P[None, :, 1] + eps)
    ).any(axis=1)
    ok = cand[~overlap]
    lo = P[:, :2].min(axis=0)
    hi = P[:, 2:].max(axis=0)
    width = np.maximum(hi[0], ok[:, 0] + w) - np.minimum(lo[0], ok[:, 0])
    height = np.maximum(hi[1], ok[:, 1] + h) - np.minimum(lo[1], ok[:, 1])
    # the picture measured symmetrically around the largest component (at the origin), so blocks
    # go round it on all sides and it stays in the middle
    half_w = np.maximum(np.maximum(hi[0], ok[:, 0] + w), -np.minimum(lo[0], ok[:, 0]))
    half_h = np.maximum(np.maximum(hi[1], ok[:, 1] + h), -np.minimum(lo[1], ok[:, 1]))
    dist = (ok[:, 0] + w / 2) ** 2 + (ok[:, 1] + h / 2) ** 2
    best = np.lexsort((ok[:, 1], ok[:, 0], dist, width * height, np.maximum(half_w / ASPECT, half_h)))[0]
    return float(ok[best, 0]), float(ok[best, 1])


def _pack(comps: list[Any], local: dict[int, Any]) -> dict[int, tuple[float, float]]:
    """Offsets of the components: the first (largest) centred on the origin, the others in blocks
    (``_blocks``), each block put beside what is placed so far where it grows the picture least."""
    boxes = []
    for c in range(len(comps)):
        p = local[c]
        lo, hi = p.min(axis=0), p.max(axis=0)
        boxes.append((float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])))
    x0, y0, x1, y1 = boxes[0]
    offsets = {0: (-(x0 + x1) / 2, -(y0 + y1) / 2)}
    w, h = x1 - x0 + _GAP, y1 - y0 + _GAP
    placed = [(-w / 2, -h / 2, w / 2, h / 2)]
    for bw, bh, cells in _blocks(comps, boxes):
        bx, by = _place(placed, bw, bh)
        placed.append((bx, by, bx + bw, by + bh))
        for c, cx, cy in cells:
            x0, y0, x1, y1 = boxes[c]
            offsets[c] = (bx + cx - (x0 + x1) / 2, by + cy - (y0 + y1) / 2)
    return offsets


def layout(
    G: nx.DiGraph, *, edge_length: float = 110.0, budget: int = 12_000_000
) -> dict[str, tuple[float, float]]:
    """Deterministic positions in pixels (x, y rounded to 0.1, both >= 0): components laid out
    separately (``_force`` for the large, ``_small`` for the rest) and packed (``_pack``)."""
    return layout_of(sorted(G), G.edges(), G.number_of_edges(), edge_length=edge_length, budget=budget)


def layout_of(
    nodes: list[str], edges: Iterable[tuple[str, str]], count: int, *, edge_length: float = 110.0,
    budget: int = 12_000_000,
) -> dict[str, tuple[float, float]]:
    """``layout`` of the graph of these ``nodes`` (sorted) and ``count`` directed ``edges`` (pairs
    of nodes; read twice): all it reads of a graph, so it can run before the graph is made."""
    import numpy as np

    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    src = np.fromiter((index[u] for u, _ in edges), dtype=np.int64, count=count)
    dst = np.fromiter((index[v] for _, v in edges), dtype=np.int64, count=count)
    del index
    lo = np.minimum(src, dst)
    hi = np.maximum(src, dst)
    del src, dst  # each step's arrays are dropped as soon as the next exists: less memory at the peak
    loop = lo == hi
    pair = np.unique(lo[~loop] * n + hi[~loop])
    del lo, hi, loop
    ea = pair // n
    eb = pair % n
    del pair
    hashes = np.array([_unit_hash(v) for v in nodes], dtype=np.float64) - 0.5  # (n, 2) in [-0.5, 0.5)

    label = components(n, ea, eb)
    order = np.argsort(label, kind="stable")
    roots, starts, sizes = np.unique(label[order], return_index=True, return_counts=True)
    groups = [order[s : s + c] for s, c in zip(starts, sizes)]  # sorted indices per component
    # largest first, ties by the smallest node id (labels are the smallest index in the component)
    rank = sorted(range(len(groups)), key=lambda g: (-len(groups[g]), int(roots[g])))
    comps = [groups[g] for g in rank]

    pos = np.zeros((n, 2), dtype=np.float64)
    edge_comp = label[ea]
    small = [c for c in comps if len(c) <= SMALL]
    if small:
        in_small = np.zeros(n, dtype=bool)
        in_small[np.concatenate(small)] = True
        sel = in_small[ea]
        pos += _small(small, ea[sel], eb[sel], hashes)
    for comp in comps:
        if len(comp) <= SMALL:
            continue
        sel = edge_comp == comp[0]
        remap = np.full(n, -1, dtype=np.int64)
        remap[comp] = np.arange(len(comp))
        # the budget is per component (its iterations follow its own size), never shared with the
        # others: a change elsewhere in the graph does not change this component's drawing
        pos[comp] = _force(remap[ea[sel]], remap[eb[sel]], hashes[comp], budget)
    local = {c: pos[comp] for c, comp in enumerate(comps)}
    offsets = _pack(comps, local)
    for c, comp in enumerate(comps):
        pos[comp] += np.array(offsets[c])

    out = np.round(pos * edge_length, 1)
    # nodes that ended in the same spot (rounded): nudge apart by their hash
    key = out[:, 0] * 1e7 + out[:, 1]
    _, first = np.unique(key, return_index=True)
    if len(first) < n:
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        out[dup] = np.round(out[dup] + hashes[dup] * edge_length * 0.2, 1)
    out = np.round(out - out.min(axis=0), 1) + 0.0  # non-negative, no -0.0
    xs = out[:, 0].tolist()
    ys = out[:, 1].tolist()
    return {nodes[i]: (xs[i], ys[i]) for i in range(n)}
