/**
 * Runs `load` (an import) with an `Intl.DateTimeFormat` whose objects build the real formatter on first
 * use, then puts the real constructor back. For a package that builds formatters when imported, but
 * may never format: building one reads ICU's locale and time-zone data out of the Node binary, ~6 MB
 * of pages that then stay resident.
 */
export function importWithLazyDateFormats<T>(load: () => T): T {
  const { DateTimeFormat } = Intl;
  Intl.DateTimeFormat = new Proxy(DateTimeFormat, {
    construct(target, args: ConstructorParameters<typeof DateTimeFormat>): object {
      let real: Intl.DateTimeFormat | undefined;
      const formatter = (): Intl.DateTimeFormat => (real ??= new target(...args));
      return new Proxy(Object.create(DateTimeFormat.prototype) as Intl.DateTimeFormat, {
        get(_, key): unknown {
          const value: unknown = Reflect.get(formatter(), key);
          return typeof value === 'function'
            ? (value as (...a: unknown[]) => unknown).bind(formatter())
            : value;
        },
      });
    },
  });
  try {
    return load();
  } finally {
    Intl.DateTimeFormat = DateTimeFormat;
  }
}
