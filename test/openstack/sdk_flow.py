# One openstacksdk call as a user's script makes it, run by test/support/openstack-clients.ts with
# Debian's /usr/bin/python3. Plain `openstack.connect` with a token and the endpoint, no keystone:
# `admin_token` sends the token as it is, and `image_endpoint_override` set to the server's root
# makes keystoneauth discover the version (GET /, Glance's 300) before the first image call.
#
# argv[1] is a JSON object: url, token, action, image, member, status. Prints what a user's
# script would print; an exception prints its class and message (the exit code is then 1).
import json
import sys
import warnings

warnings.simplefilter("ignore")

import openstack  # noqa: E402

args = json.loads(sys.argv[1])
conn = openstack.connect(
    auth_type="admin_token",
    auth={"endpoint": args["url"], "token": args["token"]},
    image_endpoint_override=args["url"],
)
image = conn.image
action = args["action"]
try:
    if action == "list_pending":
        for found in image.images(visibility="shared", member_status="pending"):
            print(found.id, found.name, found.status)
    elif action == "list":
        for found in image.images():
            print(found.id, found.name, found.status)
    elif action == "get_image":
        found = image.get_image(args["image"])
        print(found.id, found.name, found.status, found.visibility, found.owner)
    elif action == "find_image":
        found = image.find_image(args["image"])
        print(None if found is None else (found.id, found.name))
    elif action == "update_member":
        member = image.update_member(args["member"], args["image"], status=args["status"])
        print(member.image_id, member.member_id, member.status)
    elif action == "members":
        for member in image.members(args["image"]):
            print(member.member_id, member.status)
    else:
        raise SystemExit("unknown action " + action)
except Exception as error:  # what a user's script shows when it does not catch
    print(type(error).__name__ + ": " + str(error))
    sys.exit(1)
