import { useCallback, useState } from 'react';
import * as client from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { Pager } from '../../components/pager';
import { ScreenTitle } from '../../components/screen-title';
import { useLoad } from '../../components/use-load';

const GENDERS = { F: 'Female', M: 'Male', O: 'Other' } as const;

export function MembersScreen() {
  const [page, setPage] = useState(1);
  const load = useCallback(() => client.members(page), [page]);
  const { data, problem } = useLoad(load);
  return (
    <section>
      <ScreenTitle>Members</ScreenTitle>
      <ErrorAlert problem={problem} />
      {data && (
        <>
          <div
            className="table-scroll"
            role="region"
            aria-labelledby="members-caption"
            tabIndex={0}
          >
            <table>
              <caption id="members-caption">Members, page {page}</caption>
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">Name</th>
                  <th scope="col">Age</th>
                  <th scope="col">Gender</th>
                  <th scope="col">Child</th>
                </tr>
              </thead>
              <tbody>
                {data.results.map((member) => (
                  <tr key={member.id}>
                    <td>{member.id}</td>
                    <th scope="row">{member.name}</th>
                    <td>{'age' in member ? member.age : '—'}</td>
                    <td>{'gender' in member ? GENDERS[member.gender] : '—'}</td>
                    <td>{member.is_child ? 'Yes' : 'No'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Members"
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
