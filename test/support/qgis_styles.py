"""Loads every layer of a GeoPackage in QGIS (headless) the way adding it does, and prints, per
layer, whether QGIS found its default style in layer_styles and what renderer that style gives."""
import json, os, sys
os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

app = QgsApplication([], False)
app.initQgis()
out = {}
for name in sys.argv[2:]:
    layer = QgsVectorLayer(f'{sys.argv[1]}|layername={name}', name, 'ogr')
    msg, ok = layer.loadDefaultStyle()
    r = layer.renderer()
    out[name] = {
        'loaded': ok and msg == 'Loaded from Provider',
        'renderer': r.type(),
        'attr': r.classAttribute() if hasattr(r, 'classAttribute') else None,
        'classes': len(r.ranges()) if r.type() == 'graduatedSymbol' else len(r.categories()) if r.type() == 'categorizedSymbol' else 1,
        'labels': layer.labelsEnabled(),
        'alias': layer.attributeAlias(1),
    }
print(json.dumps(out), flush=True)
# QGIS 3.22 can crash in exitQgis() while tearing down providers; the answer is already printed
os._exit(0)
