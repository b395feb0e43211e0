// DB-IP Lite's licence (CC BY 4.0) asks every page that shows or uses its
// results to link back to db-ip.com (docs/geography.md, The database).
export function DbIpCredit() {
  return (
    <p className="text-xs text-slate-500">
      <a className="underline" href="https://db-ip.com" target="_blank" rel="noopener noreferrer">
        IP geolocation by DB-IP
      </a>
    </p>
  );
}
