import { exercisesInOrder, readSession, sessionOf } from '@tavla/board'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'

/** [SE6] The boards of a session's exercises, from its agenda. */
export async function exerciseBoards(rooms: RoomRegistry, sessionId: string): Promise<string[]> {
  return rooms.withRoom(sessionId, '', (r) => exercisesInOrder(readSession(sessionOf(r.doc))).map((p) => p.exercise.boardId))
}
