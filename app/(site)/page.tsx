import { productCategories, productsByCategory } from '@/lib/demo/catalog';
import { ProductGrid } from './ProductGrid';

export default function StoreHome() {
  return (
    <div className="space-y-10">
      <section className="space-y-2">
        <h1 className="text-3xl font-semibold">Trips, games and gear</h1>
        <p className="max-w-2xl text-slate-600">
          Browse, search and buy: this store is the stage for Kairos&apos; on-device segments and micro-moments.
        </p>
      </section>
      {Object.entries(productCategories).map(([category, label]) => (
        <section key={category} aria-labelledby={`cat-${category}`} className="space-y-3">
          <h2 id={`cat-${category}`} className="text-xl font-semibold">
            {label}
          </h2>
          <ProductGrid items={productsByCategory[category as keyof typeof productCategories] ?? []} />
        </section>
      ))}
    </div>
  );
}
