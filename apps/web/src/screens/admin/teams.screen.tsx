import { useCallback, useState } from 'react';
import * as client from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { Pager } from '../../components/pager';
import { ScreenTitle } from '../../components/screen-title';
import { useLoad } from '../../components/use-load';

export function TeamsScreen() {
  const [page, setPage] = useState(1);
  const load = useCallback(() => client.teams(page), [page]);
  const { data, problem } = useLoad(load);
  return (
    <section>
      <ScreenTitle>Teams</ScreenTitle>
      <ErrorAlert problem={problem} />
      {data && (
        <>
          <div className="table-scroll" role="region" aria-labelledby="teams-caption" tabIndex={0}>
            <table>
              <caption id="teams-caption">Teams, page {page}</caption>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">People</th>
                  <th scope="col">Adults</th>
                  <th scope="col">Members</th>
                </tr>
              </thead>
              <tbody>
                {data.results.map((team) => (
                  <tr key={team.id}>
                    <th scope="row">{team.name}</th>
                    <td>{team.size}</td>
                    <td>{team.adult_count}</td>
                    <td>{team.members.map((member) => member.name).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Teams"
            page={page}
            count={data.count}
            hasNext={Boolean(data.next)}
            onPage={setPage}
          />
        </>
      )}
    </section>
  );
}
