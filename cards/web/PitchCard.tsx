// "Before you pitch" on the web: the salesperson's verdict with its reasons, value delivered,
// objectives achieved and open show-stoppers — the HubSpot sidebar's view model (cards/model
// verdict.ts) in plain HTML.
import { beforeYouPitchModel, type BeforeYouPitchModel } from '../model/index.ts';
import { useRemote, type CompanyStore } from './hooks.ts';
import { FigureView, RemoteView, ShowStoppers } from './parts.tsx';

export function PitchCard({ store, now, locale }: { store: CompanyStore; now: number; locale: string }) {
  const state = useRemote(store);
  return <RemoteView state={state} onRetry={() => store.reload()} views={{ data: ({ data }) => <Pitch model={beforeYouPitchModel(data, now, locale)} /> }} />;
}

function Pitch({ model }: { model: BeforeYouPitchModel }) {
  const v = model.verdict;
  return (
    <div className="pitch-card">
      <div className={`verdict tone-${v.tone}`} data-testid="verdict" data-verdict={v.kind}>
        <p className="verdict-title">{v.title}</p>
        <p>{v.summary}</p>
        <ul>
          {v.reasons.map((r, i) => (
            <li key={i} data-testid={`verdict-reason-${i}`}>
              {r}
            </li>
          ))}
        </ul>
      </div>
      <h3>{model.value.title}</h3>
      <dl className="figures">
        <FigureView figure={model.value.score} trend={model.value.trend} />
        {model.value.figures.map((f) => (
          <FigureView key={f.key} figure={f} />
        ))}
      </dl>
      <h3>{model.objectives.title}</h3>
      <p data-testid="objectives-achieved">{model.objectives.summary}</p>
      {model.objectives.achieved.length > 0 ? (
        <ul>
          {model.objectives.achieved.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      ) : null}
      <h3>{model.showStoppers.title}</h3>
      <ShowStoppers rows={model.showStoppers.rows} empty={model.showStoppers.empty} />
      <p className="muted small">{model.computed}</p>
    </div>
  );
}
