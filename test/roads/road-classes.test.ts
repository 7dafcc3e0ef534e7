/** data/road-classes.yaml applied to a line's attributes: Chinese classes, side paths, OSM values, levels, unknowns. */
import { describe, expect, it } from 'vitest';
import { loadWalkRules } from '../../src/network/rules.js';
import { chooseClassField, loadRoadClasses, parseOtherTags, roadClassifier } from '../../src/roads/road-classes.js';

const rules = loadWalkRules();
const rc = loadRoadClasses();
const walk = (props: Record<string, unknown>, field = '道路等级') => {
  const c = roadClassifier(rc, rules, field).classify(props);
  return { ...c, decision: rules.evaluate(c.tags), level: roadClassifier(rc, rules, field).level(c.tags) };
};

describe('road classes', () => {
  it('walks 主干路, 次干路, 支路, 街巷, 步行道, 人行道 and drops 快速路 and 高速公路', () => {
    for (const v of ['主干路', '次干路', '支路', '街巷', '步行道', '人行道', '步行街', '小区道路'])
      expect(walk({ 道路等级: v }).decision, v).not.toBeNull();
    expect(walk({ 道路等级: '快速路' }).decision).toBeNull();
    expect(walk({ 道路等级: '高速公路' }).decision).toBeNull();
    expect(walk({ 道路等级: '主干路' }).tags.highway).toBe('primary');
  });

  it('walks 快速路 with a side path (辅路 / sidewalk), not with 辅路=否', () => {
    expect(walk({ 道路等级: '快速路', 辅路: '有' }).decision).not.toBeNull();
    expect(walk({ 道路等级: '快速路', sidewalk: 'both' }).decision).not.toBeNull();
    expect(walk({ 道路等级: '快速路', 辅路: '否' }).decision).toBeNull();
    expect(walk({ 道路等级: '快速路', 辅路: 0 }).decision).toBeNull();
  });

  it('passes OSM highway values through the walk rules, with foot/access and an ogr2ogr other_tags column', () => {
    expect(walk({ highway: 'footway' }, 'highway').decision).not.toBeNull();
    expect(walk({ highway: 'motorway' }, 'highway').decision).toBeNull();
    expect(walk({ highway: 'service', access: 'private' }, 'highway').decision).toBeNull();
    expect(
      walk({ highway: 'service', other_tags: '"access"=>"private","foot"=>"yes"' }, 'highway').decision,
    ).not.toBeNull();
    const steps = walk({ highway: 'steps' }, 'highway');
    expect(steps.decision?.steps).toBe(true);
    expect(steps.known).toBe(true);
  });

  it('counts a value it does not know as unknown and walks it as highway=road', () => {
    const u = walk({ 道路等级: '其他' });
    expect(u.known).toBe(false);
    expect(u.tags.highway).toBe('road');
    expect(u.decision).not.toBeNull();
  });

  it('reads bridge, tunnel and layer under Chinese and Geofabrik keys', () => {
    expect(walk({ 道路等级: '支路', 桥梁: '是' }).level).toBe(1);
    expect(walk({ 道路等级: '支路', 隧道: '1' }).level).toBe(-1);
    expect(walk({ 道路等级: '支路', 层: '2' }).level).toBe(2);
    expect(walk({ 道路等级: '支路', 桥梁: '否' }).level).toBe(0);
    expect(walk({ fclass: 'footway', bridge: 'F', tunnel: 'F', layer: 0 }, 'fclass').level).toBe(0);
    expect(walk({ fclass: 'footway', bridge: 'T', layer: 1 }, 'fclass').level).toBe(1);
    expect(walk({ highway: 'footway', other_tags: '"bridge"=>"yes","layer"=>"1"' }, 'highway').level).toBe(1);
  });

  it('finds the class field under the usual names, and refuses a named one the lines lack', () => {
    expect(chooseClassField(['名称', '道路等级'], rc, undefined, 'f')).toBe('道路等级');
    expect(chooseClassField(['name', 'FCLASS'], rc, undefined, 'f')).toBe('FCLASS');
    expect(chooseClassField(['name'], rc, undefined, 'f')).toBeNull();
    expect(() => chooseClassField(['name'], rc, '等级', 'roads.shp')).toThrow(/'等级' is not a property/);
  });

  it('parses hstore other_tags with escapes', () => {
    expect(parseOtherTags('"a"=>"1","name:zh"=>"x\\"y"')).toEqual({ a: '1', 'name:zh': 'x"y' });
  });
});
