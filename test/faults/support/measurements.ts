/** Figures a fault test measured, printed once per file so the README's reliability table can quote them. */
export class Measurements {
  private readonly rows: string[] = [];

  constructor(private readonly title: string) {}

  record(scenario: string, figures: Record<string, number | string>): void {
    const text = Object.entries(figures)
      .map(([name, value]) => `${name}=${typeof value === 'number' ? Math.round(value * 10) / 10 : value}`)
      .join(' ');
    this.rows.push(`${scenario}: ${text}`);
  }

  print(): void {
    if (this.rows.length) console.log(`${this.title}\n${this.rows.map((row) => `  ${row}`).join('\n')}`);
  }
}
