import { Regions } from './region-directory';

describe('GB/T 2260 regions', () => {
  it('knows provinces, cities and districts with their full names', () => {
    expect(Regions.get('210000')).toMatchObject({ name: '辽宁省', level: 'province', parentCode: null });
    expect(Regions.get('210200')).toMatchObject({ name: '大连市', level: 'city', parentCode: '210000' });
    expect(Regions.get('210211')).toMatchObject({ name: '甘井子区', level: 'district', parentCode: '210200', fullName: '辽宁省大连市甘井子区' });
  });

  it('rejects codes that are not divisions', () => {
    expect(Regions.isValid('219999')).toBe(false);
    expect(Regions.isValid('21021')).toBe(false);
    expect(Regions.isValid(210211)).toBe(false);
  });

  it('gives the province and city of a district', () => {
    expect(Regions.provinceOf('210211')).toBe('210000');
    expect(Regions.cityOf('210211')).toBe('210200');
    expect(Regions.children('210200').map((r) => r.code)).toContain('210211');
  });
});
