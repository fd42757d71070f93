"""H6: the real OpenStack image clients against `npm run serve`, unchanged.

Drives the `glance` command line (python3-glanceclient) and openstacksdk (python3-openstacksdk)
through members: create, list, show, accept, reject, delete, list images by member status, and
the refusals of H5 as the errors their status codes mean. Usage: clients_scenario.py PORT.
Exits 1 on the first check that fails.
"""
import json
import subprocess
import sys

import openstack
from openstack import exceptions

PORT = sys.argv[1]
BASE = f"http://127.0.0.1:{PORT}"
checks = 0


def check(what, ok, detail=""):
    global checks
    checks += 1
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f"  [{detail}]" if detail and not ok else ""))
    if not ok:
        sys.exit(1)


def glance(token, *args):
    cmd = ["glance", "--os-image-url", BASE, "--os-image-api-version", "2", "--os-auth-token", token, *args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def sdk(token):
    return openstack.connection.Connection(
        auth_type="admin_token", auth={"token": token, "endpoint": f"{BASE}/v2"}, image_api_version="2")


# glance: the member commands
rc, out = glance("alice-token", "member-create", "web", "bob:cn-north-4")
check("glance member-create: alice shares web with bob (pending)", rc == 0 and "pending" in out, out)
rc, out = glance("alice-token", "member-create", "web", "dave:cn-north-4")
check("glance member-create: alice shares web with dave (pending)", rc == 0 and "pending" in out, out)
rc, out = glance("alice-token", "member-list", "--image-id", "web")
check("glance member-list: the owner sees both members", rc == 0 and "bob:cn-north-4" in out and "dave:cn-north-4" in out, out)
rc, out = glance("bob-token", "image-list", "--member-status", "pending", "--visibility", "shared")
check("glance image-list --member-status pending: bob sees web", rc == 0 and "web" in out, out)
rc, out = glance("bob-token", "member-update", "web", "bob:cn-north-4", "accepted")
check("glance member-update accepted: bob accepts", rc == 0 and "accepted" in out, out)
rc, out = glance("bob-token", "image-list", "--member-status", "pending", "--visibility", "shared")
check("glance image-list --member-status pending: no longer lists web", rc == 0 and "web" not in out, out)
rc, out = glance("bob-token", "image-list")
check("glance image-list: bob sees the accepted image", rc == 0 and "web" in out, out)
rc, out = glance("alice-token", "image-list", "--property-filter", "name=db")
check("glance image-list --property-filter name=db: only db", rc == 0 and " db " in out and " web " not in out, out)
rc, out = glance("alice-token", "member-get", "web", "bob:cn-north-4")
check("glance member-get: the owner sees bob accepted", rc == 0 and "accepted" in out, out)
rc, out = glance("bob-token", "member-get", "web", "dave:cn-north-4")
check("glance member-get: bob cannot see dave's membership (404)", rc != 0 and "not found" in out.lower(), out)

# glance: refusals (H5)
rc, out = glance("dave-token", "member-update", "web", "dave:cn-north-4", "accepted")
check("glance member-update at the share limit: 413 share_limit_reached", rc != 0 and "at most 1 tenants" in out, out)
rc, out = glance("alice-token", "member-create", "db", "bob:cn-north-4")
check("glance member-create: alice shares db with bob", rc == 0 and "pending" in out, out)
rc, out = glance("alice-token", "member-create", "db", "bob:cn-north-4")
check("glance member-create twice: 409 already shared", rc != 0 and "already shared" in out, out)
rc, out = glance("bob-token", "member-create", "web", "dave:cn-north-4")
check("glance member-create by a member: 403 (replicate first, S2)", rc != 0 and "replicate" in out, out)
rc, out = glance("carol-token", "image-show", "web")
check("glance image-show by a stranger: 404", rc != 0 and "not found" in out.lower(), out)
rc, out = glance("no-such-token", "image-list")
check("glance with an unknown token: 401", rc != 0, out)

# openstacksdk
alice, bob, dave, carol = sdk("alice-token"), sdk("bob-token"), sdk("dave-token"), sdk("carol-token")
members = {m.id: m.status for m in alice.image.members("web")}
check("sdk members: alice lists bob accepted and dave pending", members == {"bob:cn-north-4": "accepted", "dave:cn-north-4": "pending"}, json.dumps(members))
check("sdk get_member: bob accepted", alice.image.get_member("bob:cn-north-4", "web").status == "accepted")
named = [i.id for i in alice.image.images(name="web")]
check("sdk images(name=web): only web", named == ["web"], json.dumps(named))
pending = [i.id for i in dave.image.images(member_status="pending", visibility="shared")]
check("sdk images(member_status=pending): dave sees web", pending == ["web"], json.dumps(pending))
try:
    dave.image.update_member("dave:cn-north-4", "web", status="accepted")
    check("sdk update_member at the limit raises", False)
except exceptions.HttpException as e:
    check("sdk update_member at the limit: HTTP 413", e.status_code == 413, str(e))
m = dave.image.update_member("dave:cn-north-4", "web", status="rejected")
check("sdk update_member rejected: dave rejects", m.status == "rejected")
m = bob.image.update_member("bob:cn-north-4", "web", status="rejected")
check("sdk update_member rejected: bob rejects an accepted image (M2)", m.status == "rejected")
m = dave.image.update_member("dave:cn-north-4", "web", status="accepted")
check("sdk update_member accepted: dave accepts once the limit frees", m.status == "accepted")
try:
    alice.image.add_member("db", member_id="carol:ap-southeast-1")
    check("sdk add_member across regions raises", False)
except exceptions.HttpException as e:
    check("sdk add_member to another region's project: HTTP 403 cross_region_target", e.status_code == 403 and "cn-north-4" in str(e), str(e))
try:
    alice.image.add_member("db", member_id="bob:cn-north-4")
    check("sdk add_member twice raises", False)
except exceptions.ConflictException as e:
    check("sdk add_member twice: ConflictException (409)", e.status_code == 409, str(e))
try:
    carol.image.get_image("web")
    check("sdk get_image by a stranger raises", False)
except exceptions.ResourceNotFound as e:
    check("sdk get_image by a stranger: ResourceNotFound (404)", e.status_code == 404, str(e))
alice.image.remove_member("dave:cn-north-4", "web")
members = [x.id for x in alice.image.members("web")]
check("sdk remove_member: dave is gone", members == ["bob:cn-north-4"], json.dumps(members))
try:
    alice.image.get_member("dave:cn-north-4", "web")
    check("sdk get_member of a removed member raises", False)
except exceptions.ResourceNotFound:
    check("sdk get_member of a removed member: ResourceNotFound (404)", True)
rc, out = glance("alice-token", "member-delete", "web", "bob:cn-north-4")
check("glance member-delete: alice removes bob", rc == 0, out)
rc, out = glance("alice-token", "member-list", "--image-id", "web")
check("glance member-list: no members left", rc == 0 and "bob" not in out and "dave" not in out, out)

# images: show and delete (S1, D1)
rc, out = glance("alice-token", "image-show", "web")
check("glance image-show: the owner sees web, active", rc == 0 and "web" in out and "active" in out, out)
try:
    bob.image.delete_image("db")
    check("sdk delete_image by a member raises", False)
except exceptions.HttpException as e:
    check("sdk delete_image by a member: HTTP 403 not_image_owner", e.status_code == 403, str(e))
rc, out = glance("alice-token", "image-delete", "db")
check("glance image-delete: alice deletes db", rc == 0, out)
names = sorted(i.id for i in alice.image.images())
check("sdk images: db is gone, web stays", names == ["web"], json.dumps(names))
print(f"{checks} passed, 0 failed")
