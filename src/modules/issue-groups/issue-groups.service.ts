import type { Executor } from '../../core/db/client.js'
import { NotFound } from '../../core/http/errors.js'
import type { Principal } from '../../core/principals/auth.js'
import { accessTo } from './group-access.service.js'
import { chairsOf } from './group-members.queries.js'
import { findGroupRecord, publishedOutputsOf, type IssueGroupRecord } from './issue-groups.queries.js'
import type { IssueGroup } from './issue-groups.schemas.js'
import { FULL_VIEW, toIssueGroup } from './issue-groups.views.js'

/** Adds what a group shows beyond its row: chairs and published outputs, fetched once for a whole page. */
export async function present (
  db: Executor, networkId: string, records: IssueGroupRecord[], principal: Principal | null
) {
  const ids = records.map((record) => record.group.id)
  const [chairs, publishedOutputs] = await Promise.all([
    chairsOf(db, networkId, ids),
    publishedOutputsOf(db, networkId, ids)
  ])
  return records.map((record) =>
    toIssueGroup(
      record,
      {
        chairs: chairs.filter((chair) => chair.groupId === record.group.id),
        publishedOutputs: publishedOutputs.filter((output) => output.groupId === record.group.id),
        canEdit: accessTo(record, principal).canEdit
      },
      principal
    )
  )
}

/** The group in full, for an event: read through `tx`, so it sees the write in progress. */
export async function groupForEvent (tx: Executor, networkId: string, groupId: string) {
  const record = await findGroupRecord(tx, networkId, groupId)
  if (record === undefined) throw new NotFound(`Issue group ${groupId} was deleted meanwhile.`)
  const [group] = await present(tx, networkId, [record], FULL_VIEW)
  return group as IssueGroup
}
