// How many items a list asks the API for per page: shared by the feature's queries and by the requests
// boot.ts starts before the app's code has arrived (app/early.ts), which must ask for the same URL.

/** Memories per page of any memory list. */
export const MEMORIES_PAGE = 20;
/** Conversations per page of the chat list. */
export const CONVERSATIONS_PAGE = 30;
/** Cities per page of the city directory. */
export const CITIES_PAGE = 30;
/** Groups per page of the group directory and of "Your groups". */
export const GROUPS_PAGE = 30;
/** Dancers per page of any list of people (followers, a city's residents, a group's members). */
export const PEOPLE_PAGE = 20;
/** Friend requests per page of the pending lists (a profile asks for the incoming ones with itself). */
export const FRIEND_REQUESTS_PAGE = 100;
