#!/usr/bin/python3
"""Reached nodes and distances with networkx on the OSMnx-walk graph of ../shared/peers.

usage: networkx_reach.py IN.osm.pbf origins.geojson cutoff_m  -> JSON on stdout:
  {"graph": {"nodes": N, "edges": M, "km": X}, "origins": [{"id": ..., "source": osm_node_id,
   "dist": {osm_node_id: metres, ...}}, ...]}
Origins snap to the nearest graph node (as ox.distance.nearest_nodes), like the peer scripts.
"""
import json, math, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'peers', 'common'))
import networkx as nx
from walknet import build_graph

pbf, origins_path, cutoff = sys.argv[1], sys.argv[2], float(sys.argv[3])
g = build_graph(pbf)
ids = list(g.nodes)
xs = [g.nodes[n]['x'] for n in ids]
ys = [g.nodes[n]['y'] for n in ids]
lat0 = sum(ys) / len(ys)
kx = math.cos(math.radians(lat0))
out = {"graph": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                 "km": sum(d['length'] for _, _, d in g.edges(data=True)) / 1000}, "origins": []}
for f in json.load(open(origins_path))['features']:
    lon, lat = f['geometry']['coordinates'][:2]
    best = min(range(len(ids)), key=lambda i: ((xs[i] - lon) * kx) ** 2 + (ys[i] - lat) ** 2)
    src = ids[best]
    dist = nx.single_source_dijkstra_path_length(g, src, cutoff=cutoff, weight='length')
    out['origins'].append({"id": f['properties']['id'], "source": src, "dist": {str(k): v for k, v in dist.items()}})
json.dump(out, sys.stdout)
