import { importWithLazyDateFormats } from './lazy-date-formats';

const options: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: 'numeric',
  minute: 'numeric',
  timeZone: 'Europe/Paris',
};
const moment = Date.UTC(2026, 11, 5, 10, 30);

describe('importWithLazyDateFormats', () => {
  it('gives formatters made during the import that format exactly as real ones', () => {
    const made = importWithLazyDateFormats(() => new Intl.DateTimeFormat('fr-FR', options));
    const real = new Intl.DateTimeFormat('fr-FR', options);

    expect(made.format(moment)).toBe(real.format(moment));
    expect(made.formatToParts(moment)).toEqual(real.formatToParts(moment));
    expect(made.resolvedOptions()).toEqual(real.resolvedOptions());
    expect(made).toBeInstanceOf(Intl.DateTimeFormat);
  });

  it('puts the real constructor back after the import, and after an import that throws', () => {
    const { DateTimeFormat } = Intl;

    expect(importWithLazyDateFormats(() => 42)).toBe(42);
    expect(Intl.DateTimeFormat).toBe(DateTimeFormat);
    expect(() =>
      importWithLazyDateFormats(() => {
        throw new Error('broken package');
      }),
    ).toThrow('broken package');
    expect(Intl.DateTimeFormat).toBe(DateTimeFormat);
  });

  it("leaves @nestjs/common's console logger printing its timestamps", () => {
    let written = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written += String(chunk);
      return true;
    });
    try {
      jest.isolateModules(() => {
        const nest = importWithLazyDateFormats(
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          () => require('@nestjs/common') as typeof import('@nestjs/common'),
        );
        new nest.ConsoleLogger('Probe', { colors: false }).log('hello');
      });
    } finally {
      write.mockRestore();
    }

    const today = new Intl.DateTimeFormat(undefined, { year: 'numeric' }).format(Date.now());
    expect(written).toMatch(/\[Nest\] \d+ {2}- .*LOG \[Probe\] hello/);
    expect(written).toContain(today);
  });
});
